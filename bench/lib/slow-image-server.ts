// A remote image host that is slow the bad way, on 127.0.0.1 for the soak: it answers the
// headers at once and then trickles the image's bytes in small chunks over `trickleMs`, so a
// fetch holds its socket (and whatever the server keeps for it) the whole time. Counts the
// fetches it saw and the most it held open at once: the server's own bound on slow fetches.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowImageServer {
  /** A distinct URL per call (`?n=`), so the server's asset cache cannot share one fetch. */
  url(n: number): string;
  readonly started: number;
  readonly finished: number;
  readonly peakOpen: number;
  close(): Promise<void>;
}

export async function startSlowImageServer(options: {
  trickleMs: number;
  chunks: number;
}): Promise<SlowImageServer> {
  const image = readFileSync(new URL('../avatar.png', import.meta.url));
  const step = Math.ceil(image.length / options.chunks);
  let open = 0;
  let peakOpen = 0;
  let started = 0;
  let finished = 0;
  const server = http.createServer((_req, res) => {
    started += 1;
    open += 1;
    peakOpen = Math.max(peakOpen, open);
    let offset = 0;
    const timers = new Set<NodeJS.Timeout>();
    const done = () => {
      open -= 1;
      for (const timer of timers) clearTimeout(timer);
    };
    res.once('close', done);
    res.once('finish', () => (finished += 1));
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(image.length) });
    const writeNext = () => {
      const chunk = image.subarray(offset, offset + step);
      offset += chunk.length;
      if (offset >= image.length) return void res.end(chunk);
      res.write(chunk);
      const timer = setTimeout(writeNext, options.trickleMs / options.chunks);
      timers.add(timer);
    };
    writeNext();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (n) => `http://127.0.0.1:${port}/avatar.png?n=${n}`,
    get started() {
      return started;
    },
    get finished() {
      return finished;
    },
    get peakOpen() {
      return peakOpen;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
