// SIGTERM stops a real server process even while a request is stuck: here a render waits on
// a remote image that never answers, with fetch and render time limits far beyond the test's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { startServer } from '../helpers/cli.ts';

const held: http.ServerResponse[] = [];
let gotRequest: () => void;
const requested = new Promise<void>((resolve) => (gotRequest = resolve));
// Answers nothing: the render waiting on it stays stuck until someone gives up.
const stall = http.createServer((_req, res) => {
  held.push(res);
  gotRequest();
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      stall.closeAllConnections();
      stall.close(() => resolve());
    }),
);

describe('placard serve on SIGTERM', () => {
  it(
    'closes the connections of stuck requests after the grace time and exits 0',
    { timeout: 60_000 },
    async () => {
      await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
      const image = `http://127.0.0.1:${(stall.address() as AddressInfo).port}/slow.png`;
      const server = await startServer({
        PLACARD_DATA_DIR: tempDir(),
        PLACARD_API_KEYS: 'shutdown-key',
        PLACARD_LOG_LEVEL: 'info',
        PLACARD_FETCH_ALLOW_PRIVATE: 'true',
        PLACARD_FETCH_TIMEOUT_MS: '600000',
        PLACARD_DEFAULT_TIMEOUT_MS: '60000',
        PLACARD_SHUTDOWN_GRACE_MS: '200',
      });
      const stuck = fetch(`${server.url}/v1/render`, {
        method: 'POST',
        headers: { authorization: 'Bearer shutdown-key', 'content-type': 'application/json' },
        body: JSON.stringify({ html: `<img src="${image}" width="8" height="8">`, width: 20, height: 20 }),
      });
      await requested;

      const exited = new Promise<number | null>((resolve) =>
        server.child.once('exit', (code) => resolve(code)),
      );
      server.child.kill('SIGTERM');
      const code = await exited;
      expect(code, server.output()).toBe(0);
      // The stuck client was cut off, not answered after the render's own 60 s time limit.
      const outcome = await Promise.allSettled([stuck]);
      expect(outcome[0]!.status).toBe('rejected');

      const messages = server
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toEqual(
        expect.arrayContaining([
          'shutting down: listener closed, requests in flight may finish',
          'shutdown grace over: closing the connections still open',
          'stopped',
        ]),
      );
    },
  );
});
