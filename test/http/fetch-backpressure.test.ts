// A slow image server cannot hold the server's fetches without bound: past
// PLACARD_FETCH_CONCURRENCY, a render that needs another image answers 503 SERVER_BUSY with
// Retry-After at once (not ASSET_FETCH_FAILED, not a wait), and renders again once a fetch ends.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

// Image requests are held until the test lets them go; `arrived` resolves as each comes in.
const held: (() => void)[] = [];
let onArrival: () => void = () => undefined;
const server = http.createServer((_req, res) => {
  held.push(() => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
  onArrival();
});
const arrival = () => new Promise<void>((resolve) => (onArrival = resolve));

let t: TestApp;
let port: number;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  t = await createTestApp({ fetchConcurrency: 1, fetchAllowHosts: ['127.0.0.1'] });
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const render = (n: number) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: {
      html: `<img src="http://127.0.0.1:${port}/avatar-${n}.png" style="width:20px;height:20px">`,
      width: 20,
      height: 20,
    },
  });

it('answers 503 SERVER_BUSY with Retry-After past the image fetch bound, and renders once a fetch ends', async () => {
  const firstArrived = arrival();
  const first = render(1);
  await firstArrived; // the one fetch slot is held by a slow image

  const refused = await render(2);
  expect(refused.statusCode).toBe(503);
  expect(refused.headers['retry-after']).toBe('1');
  const error = (refused.json() as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('SERVER_BUSY');
  expect(error.message).toContain('busy fetching remote images: 1 at once (limit 1)');
  expect(held).toHaveLength(1); // the refused render never reached the image server

  held.shift()!();
  expect((await first).statusCode).toBe(200);
  const againArrived = arrival();
  const again = render(2);
  await againArrived;
  held.shift()!();
  expect((await again).statusCode).toBe(200);
});
