// Retries over real sockets: a proxy in front of a real server refuses the first requests
// with 503/429 and Retry-After, then forwards; and a real plan's 429 surfaces at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacardClient, PlacardApiError } from '@placard/client';
import { newAccount } from '../../../test/helpers/app.ts';
import { listen, TEST_KEY, type Listening } from './server.ts';

interface Refusal {
  status: number;
  retryAfter: string;
  code: string;
  /** Sent as is instead of Placard's envelope (a proxy's own error page). */
  page?: string;
}

let server: Listening;
let proxy: http.Server;
let proxyUrl: string;
let refusals: Refusal[] = [];
const seen: { at: number; body: string }[] = [];

beforeAll(async () => {
  server = await listen({ plans: JSON.stringify({ throttled: { per_minute: 1 } }) });
  proxy = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', async () => {
      seen.push({ at: Date.now(), body });
      const refusal = refusals.shift();
      if (refusal) {
        const error = { error: { code: refusal.code, message: 'refused by the test proxy' } };
        res
          .writeHead(refusal.status, {
            'content-type': refusal.page ? 'text/html' : 'application/json',
            'retry-after': refusal.retryAfter,
          })
          .end(refusal.page ?? JSON.stringify(error));
        return;
      }
      const upstream = await fetch(server.baseUrl + req.url, {
        method: req.method,
        headers: { authorization: String(req.headers.authorization), 'content-type': 'application/json' },
        body: req.method === 'GET' ? undefined : body,
      });
      res
        .writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' })
        .end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await server.close();
});

const body = { html: '<div style="font-size:40px">retried</div>', width: 200, height: 100 };

describe('retries', () => {
  it('waits Retry-After after a 503 and a 429, then sends the same body again', async () => {
    seen.length = 0;
    refusals = [
      { status: 503, retryAfter: '1', code: 'SERVER_BUSY' },
      { status: 429, retryAfter: '0', code: 'RATE_LIMITED' },
    ];
    const client = createPlacardClient({ baseUrl: proxyUrl, apiKey: TEST_KEY });
    const image = await client.render(body);
    expect(image.contentType).toBe('image/png');
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
    expect(JSON.parse(seen[2]!.body)).toMatchObject(body);
    // Retry-After: 1 is a floor: the second request came no sooner than a second after the first.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('stops after maxRetries and throws the last refusal', async () => {
    seen.length = 0;
    refusals = Array.from({ length: 5 }, () => ({ status: 503, retryAfter: '0', code: 'SERVER_BUSY' }));
    const client = createPlacardClient({ baseUrl: proxyUrl, apiKey: TEST_KEY, retry: { maxRetries: 2 } });
    const error = await client.usage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlacardApiError);
    expect(error).toMatchObject({ code: 'SERVER_BUSY', status: 503, retryAfter: 0 });
    expect(seen).toHaveLength(3);
    refusals = [];
  });

  it('does not wait out a Retry-After longer than maxDelayMs (a monthly quota), nor retry when off', async () => {
    seen.length = 0;
    refusals = [{ status: 429, retryAfter: '86400', code: 'QUOTA_EXCEEDED' }];
    const client = createPlacardClient({ baseUrl: proxyUrl, apiKey: TEST_KEY });
    expect(await client.usage().catch((e: unknown) => e)).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      status: 429,
      retryAfter: 86400,
    });
    expect(seen).toHaveLength(1);
    refusals = [{ status: 503, retryAfter: '0', code: 'SERVER_BUSY' }];
    const once = createPlacardClient({ baseUrl: proxyUrl, apiKey: TEST_KEY, retry: false });
    expect(await once.usage().catch((e: unknown) => e)).toMatchObject({ code: 'SERVER_BUSY' });
    expect(seen).toHaveLength(2);
  });

  it('turns a reply without the envelope (a proxy page) into UNEXPECTED_RESPONSE, not retried', async () => {
    seen.length = 0;
    refusals = [{ status: 502, retryAfter: '0', code: '', page: '<html><h1>502 Bad Gateway</h1></html>' }];
    const client = createPlacardClient({ baseUrl: proxyUrl, apiKey: TEST_KEY });
    const error = (await client.render(body).catch((e: unknown) => e)) as PlacardApiError;
    expect(error).toBeInstanceOf(PlacardApiError);
    expect(error).toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 502 });
    expect(error.message).toContain('502 Bad Gateway');
    expect(seen).toHaveLength(1);
  });

  it("surfaces a real plan's RATE_LIMITED with its Retry-After when the wait is over the cap", async () => {
    const { key } = await newAccount(server.t, { plan: 'throttled' });
    const client = createPlacardClient({ baseUrl: server.baseUrl, apiKey: key, retry: { maxDelayMs: 0 } });
    await client.render(body);
    const error = (await client.render(body).catch((e: unknown) => e)) as PlacardApiError;
    expect(error).toBeInstanceOf(PlacardApiError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(error.retryAfter).toBeGreaterThan(0);
    expect(error.retryAfter).toBeLessThanOrEqual(60);
  });
});
