// OG Engine under a full render queue, over a real socket: the doc has no code for it, and its
// 500 server_error would not tell a client to come back, so the dialect answers 503 with
// server_error and Retry-After, and serves again once the burst is over.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, TEST_KEY, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ renderConcurrency: 1, renderQueueMax: 1 });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/compat/og-engine`;
});
afterAll(() => t.close());

const render = (title: string) =>
  fetch(`${base}/render`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    // Distinct titles: identical cards would share one render and never queue.
    body: JSON.stringify({ format: 'story', title, description: 'A tall card takes a while to draw.' }),
  });

it('answers 503 server_error with Retry-After past the render queue bound', async () => {
  const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => render(`Busy ${i}`)));
  const statuses = replies.map((r) => r.status);
  expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  const busy = replies.filter((r) => r.status === 503);
  expect(busy.length).toBeGreaterThan(0);
  for (const reply of busy) {
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await reply.json()).toMatchObject({
      error: 'server_error',
      docs: expect.stringContaining('#server_error'),
    });
  }
  await Promise.all(replies.filter((r) => r.status === 200).map((r) => r.arrayBuffer()));
  expect((await render('After the burst')).status).toBe(200);
});
