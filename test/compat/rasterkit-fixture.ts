// Small helpers for the RasterKit tests: requests with a key, a template created through the
// dialect's own POST /v1/templates, and the check every RasterKit error reply must pass.
import { expect } from 'vitest';
import { TEST_KEY, type DialectServer } from './audome-fixture.ts';
import { templateBody } from './rasterkit-seed-examples.ts';

export const keyed = (key = TEST_KEY) => ({ 'x-api-key': key, 'content-type': 'application/json' });

export function postImage(s: DialectServer, body: unknown, key?: string) {
  return fetch(`${s.rasterkit}/v1/image`, {
    method: 'POST',
    headers: keyed(key),
    body: JSON.stringify(body),
  });
}

export async function rasterkitTemplate(
  s: DialectServer,
  body: Record<string, unknown> = templateBody,
  key?: string,
): Promise<string> {
  const res = await fetch(`${s.rasterkit}/v1/templates`, {
    method: 'POST',
    headers: keyed(key),
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating a template answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface RasterkitError {
  code: string;
  message: string;
  docs: string;
  details?: { field: string; message: string }[];
}

/** Checks a RasterKit error reply: exactly { error: { code, message, docs (, details) } }. */
export async function expectRasterkitError(
  res: Response,
  status: number,
  code: string,
  message?: RegExp,
): Promise<RasterkitError> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: RasterkitError };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.docs).toMatch(/^https:\/\//);
  if (message) expect(body.error.message).toMatch(message);
  return body.error;
}
