// Front-door load shedding over the app: while the event loop stays behind, new requests get
// 503 SERVER_BUSY with Retry-After before any parsing or key lookup; /healthz still answers;
// requests go through again once it has caught up. The loop is held up for real, by busy-waiting.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SHEDDING_SAMPLE_MS } from '../../src/http/load-shedding.ts';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ maxLoopDelayMs: 50 });
});
afterAll(() => t.close());

/** Keeps the event loop busy: what a flood of requests does to it. */
function holdLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const render = {
  html: '<div style="width: 100px; height: 50px; background: red"></div>',
  width: 100,
  height: 50,
};

it('answers 503 SERVER_BUSY with Retry-After while the event loop stays behind, before checking the key', async () => {
  let shed: { render: LightMyRequestResponse; health: LightMyRequestResponse } | undefined;
  // Sample after sample late, as under a flood, until the server sheds.
  for (let sample = 0; sample < 8 && !shed; sample++) {
    holdLoop(SHEDDING_SAMPLE_MS + 150);
    await new Promise((resolve) => setTimeout(resolve, 1)); // lets the late sample be taken
    const [replyRender, replyHealth] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/v1/render', payload: render }), // no key: else a 401
      t.app.inject({ method: 'GET', url: '/healthz' }),
    ]);
    if (replyRender.statusCode === 503) shed = { render: replyRender, health: replyHealth };
    else expect(replyRender.statusCode).toBe(401);
  }
  expect(shed, 'no request was shed while the loop was held').toBeDefined();
  const error = (shed!.render.json() as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('SERVER_BUSY');
  expect(error.message).toMatch(/event loop is \d+ ms behind \(limit 50 ms\)/);
  expect(Number(shed!.render.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(shed!.health.statusCode).toBe(200);
});

it('serves requests again once the event loop has caught up', async () => {
  // Shedding ends once fewer than 2 of the last 3 samples are late: give the idle loop a few.
  let reply = await t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload: render });
  for (let sample = 0; sample < 20 && reply.statusCode === 503; sample++) {
    await new Promise((resolve) => setTimeout(resolve, SHEDDING_SAMPLE_MS));
    reply = await t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload: render });
  }
  expect(reply.statusCode).toBe(200);
  expect(reply.headers['content-type']).toBe('image/png');
});
