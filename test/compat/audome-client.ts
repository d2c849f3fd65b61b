// Requests to the Audome dialect as its clients send them, and the check every Audome error
// reply must pass: exactly { success: false, error, code } with the doc's status.
import { expect } from 'vitest';
import { TEST_KEY } from './audome-fixture.ts';

export interface Sent {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function send(
  base: string,
  path: string,
  init: { body?: unknown; raw?: string; key?: string | null; method?: string } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? TEST_KEY}`;
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

export const generate = (base: string, body: unknown, key?: string | null) =>
  send(base, '/api/render/generate', { body, key });

export function expectAudomeError(sent: Sent, status: number, code: string, message?: RegExp) {
  expect(sent.status).toBe(status);
  expect(Object.keys(sent.body as object).sort()).toEqual(['code', 'error', 'success']);
  expect(sent.body).toMatchObject({ success: false, code });
  if (message) expect((sent.body as { error: string }).error).toMatch(message);
}
