// Front-door load shedding: while the event loop is behind, new requests get 503 SERVER_BUSY
// with Retry-After before any parsing or key lookup; /healthz still answers; and requests go
// through again once the loop has caught up. The loop is held up for real, by busy-waiting.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SHEDDING_SAMPLE_MS } from '../../src/http/load-shedding.ts';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ maxLoopDelayMs: 20 });
});
afterAll(() => t.close());

/** Keeps the event loop busy: what a flood of requests does to it. */
function holdLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const nextTimer = () => new Promise((resolve) => setTimeout(resolve, 1));
const render = {
  html: '<div style="width: 100px; height: 50px; background: red"></div>',
  width: 100,
  height: 50,
};

it('answers 503 SERVER_BUSY with Retry-After while the event loop is behind, before checking the key', async () => {
  // The delay is sampled every SHEDDING_SAMPLE_MS; holding the loop past two samples makes the
  // next sample see it (a sample that began before the hold may average it away: try again).
  let shed: { render: LightMyRequestResponse; health: LightMyRequestResponse } | undefined;
  for (let attempt = 0; attempt < 10 && !shed; attempt++) {
    holdLoop(SHEDDING_SAMPLE_MS * 2);
    await nextTimer();
    const [replyRender, replyHealth] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/v1/render', payload: render }), // no key: would be 401
      t.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    if (replyRender.statusCode === 503) shed = { render: replyRender, health: replyHealth };
  }
  expect(shed, 'no request was shed while the loop was held').toBeDefined();
  const error = (shed!.render.json() as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('SERVER_BUSY');
  expect(error.message).toMatch(/event loop is .* ms behind \(limit 20 ms\)/);
  expect(Number(shed!.render.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(shed!.health.statusCode).toBe(200);
});

it('serves requests again once the event loop has caught up', async () => {
  let reply = await t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload: render });
  // Idle now: within a sample or two the shedding stops.
  for (let attempt = 0; attempt < 20 && reply.statusCode === 503; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, SHEDDING_SAMPLE_MS));
    reply = await t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload: render });
  }
  expect(reply.statusCode).toBe(200);
  expect(reply.headers['content-type']).toBe('image/png');
});
