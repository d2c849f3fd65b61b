// The guarded fetcher against real loopback servers. No test ever sends traffic off this
// machine: the private-address tests stub net/tls connect so a regression fails instead.
import { createServer, type RequestListener, type Server } from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPlacardError, type PlacardError } from '../errors/placard-error.ts';
import { createFetchGuard, type Fetcher, type FetchGuardOptions } from './fetch-guard/index.ts';
import { refuseAddress } from './fetch-guard/address.ts';
import { AddressRefusedError, classifyNetworkError } from './fetch-guard/failure.ts';
import { sniffImage } from './fetch-guard/sniff.ts';

let png: Buffer;
beforeAll(async () => {
  png = await sharp({ create: { width: 4, height: 4, channels: 4, background: '#e11d48' } })
    .png()
    .toBuffer();
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface TestServer {
  port: number;
  /** Paths requested so far, to prove a refused hop never reached the server. */
  hits: string[];
}

async function serve(handler: RequestListener): Promise<TestServer> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  return { port: address.port, hits };
}

function guard(overrides: Partial<FetchGuardOptions> = {}): Fetcher {
  const fetcher = createFetchGuard({
    timeoutMs: 5_000,
    maxBytes: 1_000_000,
    maxRedirects: 3,
    allowPrivate: false,
    allowHosts: [],
    ...overrides,
  });
  cleanups.push(() => fetcher.close());
  return fetcher;
}

async function failure(promise: Promise<unknown>): Promise<PlacardError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isPlacardError(error)) throw new Error(`expected a PlacardError, got ${String(error)}`);
  expect(error.code).toBe('ASSET_FETCH_FAILED');
  return error;
}

const sendPng: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(png);
};

describe('fetching', () => {
  it('fetches a PNG and sniffs its type from the bytes, not the header', async () => {
    const { port } = await serve(sendPng);
    const url = `http://127.0.0.1:${port}/a.png`;
    const asset = await guard({ allowPrivate: true }).fetch(url);
    expect(asset).toMatchObject({ url, finalUrl: url, mime: 'image/png' });
    expect(asset.bytes.equals(png)).toBe(true);
  });

  it('refuses loopback when private addresses are not allowed, without connecting', async () => {
    const { port, hits } = await serve(sendPng);
    const error = await failure(guard().fetch(`http://127.0.0.1:${port}/x.png`));
    expect(error.details).toEqual({ url: `http://127.0.0.1:${port}/x.png`, reason: 'private-address' });
    expect(error.message).toBe(
      `Could not load image "http://127.0.0.1:${port}/x.png": address 127.0.0.1 is loopback, ` +
        'and private addresses are refused',
    );
    expect(hits).toEqual([]);
  });

  it('fetches a host on the allowlist even though it resolves to loopback', async () => {
    const { port } = await serve(sendPng);
    const asset = await guard({ allowHosts: ['LocalHost'] }).fetch(`http://localhost:${port}/a.png`);
    expect(asset.mime).toBe('image/png');
  });

  it('refuses a host name that resolves to a private address', async () => {
    const { port, hits } = await serve(sendPng);
    const error = await failure(guard().fetch(`http://localhost:${port}/a.png`));
    expect(error.details?.reason).toBe('private-address');
    expect(error.message).toMatch(/host localhost resolves to address 127\.0\.0\.1, which is loopback/);
    expect(hits).toEqual([]);
  });

  it('accepts SVG documents, with or without an XML declaration', async () => {
    const svg = '<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"/>';
    const { port } = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end(svg),
    );
    const asset = await guard({ allowPrivate: true }).fetch(`http://127.0.0.1:${port}/logo`);
    expect(asset.mime).toBe('image/svg+xml');
  });
});

describe('redirects', () => {
  it('refuses a redirect from an allowlisted host to 127.0.0.1', async () => {
    const { port, hits } = await serve((req, res) => {
      if (req.url === '/go') res.writeHead(302, { location: `http://127.0.0.1:${port}/x.png` }).end();
      else sendPng(req, res);
    });
    const error = await failure(guard({ allowHosts: ['localhost'] }).fetch(`http://localhost:${port}/go`));
    expect(error.details).toEqual({ url: `http://localhost:${port}/go`, reason: 'private-address' });
    expect(error.message).toBe(
      `Could not load image "http://localhost:${port}/go": redirect to http://127.0.0.1:${port}/x.png ` +
        'refused: address 127.0.0.1 is loopback, and private addresses are refused',
    );
    expect(hits).toEqual(['/go']);
  });

  it('follows relative redirects on an allowed host and reports the final URL', async () => {
    const { port } = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new.png' }).end();
      else sendPng(req, res);
    });
    const asset = await guard({ allowHosts: ['localhost'] }).fetch(`http://localhost:${port}/old`);
    expect(asset.finalUrl).toBe(`http://localhost:${port}/new.png`);
    expect(asset.mime).toBe('image/png');
  });

  it('refuses a redirect to another scheme', async () => {
    const { port } = await serve((_req, res) => res.writeHead(307, { location: 'file:///etc/passwd' }).end());
    const error = await failure(guard({ allowPrivate: true }).fetch(`http://127.0.0.1:${port}/`));
    expect(error.details?.reason).toBe('scheme');
    expect(error.message).toMatch(/redirect to file:\/\/\/etc\/passwd refused: uses file:/);
  });

  it('stops after maxRedirects hops', async () => {
    const { port, hits } = await serve((req, res) => {
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { location: `/${n + 1}` }).end();
    });
    const error = await failure(
      guard({ allowPrivate: true, maxRedirects: 3 }).fetch(`http://127.0.0.1:${port}/0`),
    );
    expect(error.details?.reason).toBe('too-many-redirects');
    expect(error.message).toMatch(/redirected more than 3 times/);
    expect(hits).toEqual(['/0', '/1', '/2', '/3']);
  });
});

describe('limits', () => {
  const big = Buffer.alloc(5_000, 1);

  it('refuses a body whose Content-Length is over the cap', async () => {
    const { port } = await serve((_req, res) =>
      res.writeHead(200, { 'content-length': big.length }).end(big),
    );
    const error = await failure(
      guard({ allowPrivate: true, maxBytes: 1_000 }).fetch(`http://127.0.0.1:${port}/`),
    );
    expect(error.details?.reason).toBe('too-large');
    expect(error.message).toMatch(/larger than 1000 bytes \(Content-Length says 5000\)/);
  });

  it('stops reading a chunked body once it passes the cap', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(png);
      // Keep streaming forever: only the byte count can end this fetch.
      const timer = setInterval(() => res.write(big), 5);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failure(
      guard({ allowPrivate: true, maxBytes: 20_000 }).fetch(`http://127.0.0.1:${port}/`),
    );
    expect(error.details?.reason).toBe('too-large');
    expect(error.message).toMatch(/larger than 20000 bytes/);
  });

  it('times out on a server that never answers', async () => {
    const { port } = await serve(() => undefined);
    const started = Date.now();
    const error = await failure(
      guard({ allowPrivate: true, timeoutMs: 300 }).fetch(`http://127.0.0.1:${port}/`),
    );
    expect(error.details?.reason).toBe('timeout');
    expect(error.message).toMatch(/timed out after 300 ms$/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('times out on a body that stalls halfway', async () => {
    const { port } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': png.length * 2 });
      res.write(png);
    });
    const error = await failure(
      guard({ allowPrivate: true, timeoutMs: 300 }).fetch(`http://127.0.0.1:${port}/`),
    );
    expect(error.details?.reason).toBe('timeout');
  });

  it("rethrows the caller's own abort reason unchanged", async () => {
    const { port } = await serve(() => undefined);
    const controller = new AbortController();
    const reason = new Error('render deadline');
    setTimeout(() => controller.abort(reason), 50);
    const fetching = guard({ allowPrivate: true }).fetch(`http://127.0.0.1:${port}/`, controller.signal);
    await expect(fetching).rejects.toBe(reason);
  });

  it('refuses a fetch past maxConcurrent with SERVER_BUSY and Retry-After, and fetches again once one ends', async () => {
    // A slow image server: every answer waits until the test lets it go.
    const held: (() => void)[] = [];
    let onArrival = () => undefined as void;
    const { port, hits } = await serve((req, res) => {
      held.push(() => sendPng(req, res));
      onArrival();
    });
    const heldCount = (n: number) =>
      new Promise<void>((resolve) => (onArrival = () => void (held.length === n && resolve())));
    const fetcher = guard({ allowPrivate: true, maxConcurrent: 2 });
    const url = (n: number) => `http://127.0.0.1:${port}/slow-${n}.png`;

    const twoHeld = heldCount(2);
    const first = fetcher.fetch(url(1));
    const second = fetcher.fetch(url(2));
    await twoHeld;
    const refused = await fetcher.fetch(url(3)).then(
      () => null,
      (e: unknown) => e as PlacardError,
    );
    expect(refused?.code).toBe('SERVER_BUSY');
    expect(refused?.status).toBe(503);
    expect(refused?.headers?.['Retry-After']).toBe('1');
    expect(refused?.message).toContain('busy fetching remote images: 2 at once (limit 2)');
    expect(hits).not.toContain('/slow-3.png'); // refused before any socket opened

    held.shift()!();
    expect((await first).mime).toBe('image/png');
    const twoHeldAgain = heldCount(2);
    const third = fetcher.fetch(url(3));
    await twoHeldAgain;
    for (const release of held.splice(0)) release();
    expect((await second).mime).toBe('image/png');
    expect((await third).mime).toBe('image/png');
  });
});

describe('content and status', () => {
  it('refuses HTML even when the server calls it image/png', async () => {
    const { port } = await serve((_req, res) =>
      res.writeHead(200, { 'content-type': 'image/png' }).end('<!DOCTYPE html><html><svg></svg></html>'),
    );
    const error = await failure(guard({ allowPrivate: true }).fetch(`http://127.0.0.1:${port}/a.png`));
    expect(error.details?.reason).toBe('not-an-image');
    expect(error.message).toMatch(
      /is text\/html, not an image \(the server said image\/png; allowed: PNG, JPEG, GIF, WebP, AVIF or SVG\)$/,
    );
  });

  it('refuses a non-2xx answer', async () => {
    const { port } = await serve((_req, res) => res.writeHead(404).end('nope'));
    const error = await failure(guard({ allowPrivate: true }).fetch(`http://127.0.0.1:${port}/gone.png`));
    expect(error.details?.reason).toBe('status');
    expect(error.message).toMatch(/answered 404$/);
  });

  it('sniffs the raster formats it accepts', async () => {
    const image = sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } });
    for (const format of ['jpeg', 'gif', 'webp', 'avif'] as const) {
      const bytes = await image.clone().toFormat(format).toBuffer();
      expect(await sniffImage(bytes, undefined)).toBe(`image/${format}`);
    }
  });
});

describe('SVG sniffing', () => {
  it.each([
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>',
    '\uFEFF  <svg>',
    '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><svg/>',
  ])('accepts %j', async (text) => {
    expect(await sniffImage(Buffer.from(text), 'text/plain')).toBe('image/svg+xml');
  });

  it.each([
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY lol "lol">]><svg>&lol;</svg>',
    '<svgx/>',
    '<p>not <svg></svg></p>',
    '',
  ])('refuses %j', async (text) => {
    await expect(sniffImage(Buffer.from(text), undefined)).rejects.toMatchObject({ reason: 'not-an-image' });
  });
});

describe('address checks', () => {
  it.each([
    'file:///etc/passwd',
    'ftp://example.com/a.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'not a url',
  ])('refuses %s by scheme', async (url) => {
    const error = await failure(guard().fetch(url));
    expect(error.details?.reason).toBe('scheme');
  });

  it.each([
    'http://10.0.0.1/a.png',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://100.64.0.1/',
    'https://192.168.1.1/',
    'http://0.0.0.0/',
    'http://0x7f.1/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://[64:ff9b::a00:1]/',
  ])('refuses literal %s at once, without opening a socket', async (url) => {
    // If the guard ever regressed, these would reach real networks; fail loudly instead.
    const connect = vi.spyOn(net, 'connect').mockImplementation(() => {
      throw new Error('net.connect must not be called');
    });
    const tlsConnect = vi.spyOn(tls, 'connect').mockImplementation(() => {
      throw new Error('tls.connect must not be called');
    });
    const error = await failure(guard({ timeoutMs: 10_000 }).fetch(url));
    expect(error.details?.reason).toBe('private-address');
    expect(error.message).toMatch(/private addresses are refused$/);
    expect(connect).not.toHaveBeenCalled();
    expect(tlsConnect).not.toHaveBeenCalled();
  });

  it('names the IPv4 address inside an IPv4-mapped IPv6 one', () => {
    expect(refuseAddress('::ffff:7f00:1')).toEqual({
      shown: '::ffff:7f00:1 (IPv4 127.0.0.1)',
      kind: 'loopback',
    });
    expect(refuseAddress('100.64.0.1')?.kind).toMatch(/carrier-grade NAT/);
  });

  it('lets public unicast addresses through', () => {
    for (const address of ['93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) {
      expect(refuseAddress(address)).toBeNull();
    }
  });

  it('recognises DNS failures and lookup refusals wrapped by happy-eyeballs', () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    expect(classifyNetworkError(notFound, 'nowhere.invalid').reason).toBe('dns');
    const refused = new AddressRefusedError('evil.test', { shown: '10.0.0.1', kind: 'private' });
    expect(classifyNetworkError(new AggregateError([refused]), 'evil.test').reason).toBe('private-address');
  });
});

describe('check (a destination judged without connecting)', () => {
  const reasonOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'passed',
      (e: unknown) => (e as { reason?: string }).reason ?? String(e),
    );

  it('passes a public literal address and an allowlisted name, and refuses what fetch refuses', async () => {
    const { port, hits } = await serve((_req, res) => res.writeHead(204).end());
    const f = guard({ allowHosts: ['localhost'] });
    expect(await reasonOf(f.check('https://93.184.216.34/hook'))).toBe('passed');
    expect(await reasonOf(f.check(`http://localhost:${port}/hook`))).toBe('passed');
    expect(await reasonOf(f.check(`http://127.0.0.1:${port}/hook`))).toBe('private-address');
    expect(await reasonOf(f.check('http://[::ffff:10.0.0.1]/hook'))).toBe('private-address');
    expect(await reasonOf(f.check('gopher://example.com/'))).toBe('scheme');
    expect(await reasonOf(f.check('not a url'))).toBe('scheme');
    expect(await reasonOf(f.check('http://no-such-host.invalid/'))).toBe('dns');
    // Nothing was sent: a check never connects.
    expect(hits.length).toBe(0);
  });

  it('resolves a name that is not allowlisted and refuses it when it points at loopback', async () => {
    const f = guard();
    const error = await f.check('http://localhost:1/hook').catch((e: unknown) => e as Error);
    expect((error as { reason?: string }).reason).toBe('private-address');
    expect((error as Error).message).toMatch(/host localhost resolves to address .* which is loopback/);
  });
});
