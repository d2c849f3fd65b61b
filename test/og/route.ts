// A real node:http server whose routes answer web Responses (as a Next.js, Hono or Astro
// route would), for library-mode tests over a socket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (request: Request) => Response | Promise<Response>;

export interface RouteServer {
  url(path: string): string;
  close(): Promise<void>;
}

export async function serveRoutes(routes: Record<string, Handler>): Promise<RouteServer> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = routes[url.pathname];
    if (!handler) return void res.writeHead(404).end();
    try {
      const response = await handler(new Request(url, { method: req.method }));
      const body = Buffer.from(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      res.writeHead(response.status, headers).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
