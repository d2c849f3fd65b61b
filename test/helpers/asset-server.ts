// A real HTTP server on 127.0.0.1 serving test images, redirects and slow answers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface AssetServer {
  port: number;
  /** Resolves when a request for `pathname` arrives (one that came already counts). */
  arrived(pathname: string): Promise<void>;
  url(path: string, host?: string): string;
  close(): Promise<void>;
}

export async function startAssetServer(): Promise<AssetServer> {
  const red = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const seen = new Set<string>();
  const waiting = new Map<string, (() => void)[]>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.add(url.pathname);
    for (const wake of waiting.get(url.pathname) ?? []) wake();
    waiting.delete(url.pathname);
    if (url.pathname === '/red.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(red);
    } else if (url.pathname === '/redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (/^\/slow[\w-]*\.png$/.test(url.pathname)) {
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'image/png' }).end(red),
        Number(url.searchParams.get('ms') ?? 3000),
      );
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    arrived: (pathname) =>
      seen.has(pathname)
        ? Promise.resolve()
        : new Promise((resolve) => waiting.set(pathname, [...(waiting.get(pathname) ?? []), resolve])),
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
