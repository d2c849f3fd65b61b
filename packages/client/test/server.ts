// A real Placard server on a loopback socket for the client's tests, plus a tiny webhook
// receiver the server may call (`localhost` is allowed by name for the fetch guard).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../../src/config.ts';
import { createTestApp, TEST_KEY, type TestApp } from '../../../test/helpers/app.ts';

export { TEST_KEY };

export interface Listening {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

export async function listen(overrides: Partial<Config> = {}, workers = false): Promise<Listening> {
  const t = await createTestApp(overrides, { workers });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function webhookReceiver(): Promise<{
  url: string;
  received: Received[];
  next(): Promise<Received>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const waiting: ((r: Received) => void)[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const delivery = { headers: req.headers, body };
      received.push(delivery);
      waiting.shift()?.(delivery);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/hook`,
    received,
    next: () =>
      received.length > waiting.length
        ? Promise.resolve(received[waiting.length]!)
        : new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
