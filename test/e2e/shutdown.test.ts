// SIGTERM on a real server process while a render waits on a remote image that answers only
// when the test says so: a request that finishes within the grace time gets its answer; one
// still stuck when the grace is over is cut off, and the process exits either way.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { startServer, type Server } from '../helpers/cli.ts';

interface Stall {
  url: string;
  /** Resolves when the server under test has asked for the image. */
  requested: Promise<void>;
  /** Answers the held request with a PNG. */
  release(): Promise<void>;
}

const servers: http.Server[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function startStall(): Promise<Stall> {
  let held: http.ServerResponse | undefined;
  let gotRequest!: () => void;
  const requested = new Promise<void>((resolve) => (gotRequest = resolve));
  const server = http.createServer((_req, res) => {
    held = res;
    gotRequest();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
    .png()
    .toBuffer();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.png`,
    requested,
    release: async () => {
      await requested;
      held!.writeHead(200, { 'content-type': 'image/png' }).end(png);
    },
  };
}

/** A server whose fetch and render time limits are far beyond the test's own. */
const startPatient = (graceMs: number) =>
  startServer({
    PLACARD_DATA_DIR: tempDir(),
    PLACARD_API_KEYS: 'shutdown-key',
    PLACARD_LOG_LEVEL: 'info',
    PLACARD_FETCH_ALLOW_PRIVATE: 'true',
    PLACARD_FETCH_TIMEOUT_MS: '600000',
    PLACARD_DEFAULT_TIMEOUT_MS: '60000',
    PLACARD_SHUTDOWN_GRACE_MS: String(graceMs),
  });

/** Settles at once either way, so a rejection is never unhandled while the test waits. */
const renderWith = (server: Server, image: string) =>
  fetch(`${server.url}/v1/render`, {
    method: 'POST',
    headers: { authorization: 'Bearer shutdown-key', 'content-type': 'application/json' },
    body: JSON.stringify({ html: `<img src="${image}" width="8" height="8">`, width: 20, height: 20 }),
  }).then(
    (res) => `answered ${res.status}`,
    (error: Error) => `cut off: ${error.message}`,
  );

const exitOf = (server: Server) =>
  new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));

const logMessages = (server: Server) =>
  server
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

async function untilLogged(server: Server, message: string): Promise<void> {
  while (!logMessages(server).includes(message)) await new Promise((resolve) => setTimeout(resolve, 20));
}

const SHUTTING_DOWN = 'shutting down: listener closed, requests in flight may finish';
const GRACE_OVER = 'shutdown grace over: closing the connections still open';

describe('placard serve on SIGTERM', () => {
  it('cuts off a request still stuck when the grace is over, and exits 0', { timeout: 60_000 }, async () => {
    const stall = await startStall();
    const server = await startPatient(200);
    const stuck = renderWith(server, stall.url);
    await stall.requested;

    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    expect(await exited, server.output()).toBe(0);
    // Cut off, not answered after the render's own 60 s limit or the fetch's 10 minutes.
    expect(await stuck).toMatch(/^cut off/);
    expect(logMessages(server)).toEqual(expect.arrayContaining([SHUTTING_DOWN, GRACE_OVER, 'stopped']));
  });

  it('lets a request that finishes within the grace get its answer', { timeout: 60_000 }, async () => {
    const stall = await startStall();
    const server = await startPatient(60_000);
    const pending = renderWith(server, stall.url);
    await stall.requested;

    const exited = exitOf(server);
    server.child.kill('SIGTERM');
    await untilLogged(server, SHUTTING_DOWN);
    await stall.release();
    expect(await pending).toBe('answered 200');
    expect(await exited, server.output()).toBe(0);
    expect(logMessages(server)).not.toContain(GRACE_OVER);
  });
});
