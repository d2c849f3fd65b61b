import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

const card = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/standard-card.html'), 'utf8');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ renderConcurrency: 1, renderQueueMax: 1 });
});
afterAll(() => t.close());

it('answers 503 with Retry-After past the render queue bound, and serves the rest', async () => {
  // Distinct titles: identical requests would share one render (single flight) and never queue.
  const payload = (i: number) => ({ html: card, variables: { title: `Busy ${i}` }, scale: 2 });
  const replies = await Promise.all(
    Array.from({ length: 12 }, (_, i) =>
      t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload: payload(i) }),
    ),
  );
  const statuses = replies.map((r) => r.statusCode);
  expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
  const busy = replies.filter((r) => r.statusCode === 503);
  expect(busy.length).toBeGreaterThan(0);
  expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  for (const reply of busy) {
    expect(Number(reply.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((reply.json() as { error: { code: string } }).error.code).toBe('SERVER_BUSY');
  }
  // Nothing is stuck: once the burst is over, the pool is empty and renders succeed again.
  expect(t.services.pool.active).toBe(0);
  const after = await t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: payload(99),
  });
  expect(after.statusCode).toBe(200);
});
