// Bench path "http": the real server (`node bin/placard.js serve`) as a child on loopback,
// driven by autocannon on POST /v1/render. Prints one JSON line like the other paths; the
// server is always stopped, also when the bench is interrupted.
import autocannon from 'autocannon';
import { card, pngSize } from './lib/card.ts';
import { currentRssMb, peakRssMb } from './lib/proc.ts';
import { BENCH_KEY, startServer } from './lib/server.ts';
import { latency } from './lib/stats.ts';

const CONNECTIONS = 16;
const WARMUP_S = 1;
const DURATION_S = 5;

// Its output is kept, not printed: autocannon hangs up mid-render at the end of each run and the
// server logs that. Shown only if the path fails. (It must not mix with our result line anyway.)
const server = await startServer();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.stop();
    process.exit(130);
  });
}

const base = server.base;
const headers = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };
// cache_ttl 0: every request is drawn (a cache miss), as in placard.ts.
const payload = JSON.stringify({ ...card, cache_ttl: 0 });

function load(
  durationS: number,
  times?: number[],
  body = payload,
  extraHeaders: Record<string, string> = {},
): Promise<autocannon.Result> {
  const options = {
    url: `${base}/v1/render`,
    headers: { ...headers, ...extraHeaders },
    connections: CONNECTIONS,
    duration: durationS,
    method: 'POST' as const,
    body,
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (times) instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

/** One request by hand: a 200 with a 1200x630 PNG that was drawn, not served from the cache. */
async function checkOnce(): Promise<void> {
  const reply = await fetch(`${base}/v1/render`, { method: 'POST', headers, body: payload });
  if (reply.status !== 200)
    throw new Error(`POST /v1/render answered ${reply.status}: ${await reply.text()}`);
  if (reply.headers.get('x-cache') === 'HIT')
    throw new Error('POST /v1/render with cache_ttl 0 was a cache hit');
  const size = pngSize(new Uint8Array(await reply.arrayBuffer()));
  if (size.width !== card.width || size.height !== card.height) {
    throw new Error(
      `POST /v1/render drew ${size.width}x${size.height}, expected ${card.width}x${card.height}`,
    );
  }
}

try {
  await server.waitForHealth();
  await checkOnce();
  await checkOnce(); // the second of two identical requests would be the cache hit, if any

  await load(WARMUP_S);
  const times: number[] = [];
  const result = await load(DURATION_S, times);
  // Cache hits and 304s: the same request with the default cache TTL, after one render filled
  // the cache; memory is read before and after (it must stay flat over 10 000+ hits).
  const cached = JSON.stringify(card);
  const first = await fetch(`${base}/v1/render`, { method: 'POST', headers, body: cached });
  const etag = first.headers.get('etag') ?? '';
  await first.arrayBuffer();
  await load(WARMUP_S, undefined, cached);
  const rssBefore = currentRssMb(server.pid);
  const hits = await load(DURATION_S, undefined, cached);
  const rssAfter = currentRssMb(server.pid);
  const notModified = await load(DURATION_S, undefined, cached, { 'if-none-match': etag });
  const line = {
    name: 'http',
    cacheHitRps: hits.requests.average,
    cacheHitRequests: hits.requests.total,
    cacheHitNon2xx: hits.non2xx,
    notModifiedRps: notModified.requests.average,
    notModified304: notModified['3xx'],
    rssBeforeHitsMb: rssBefore,
    rssAfterHitsMb: rssAfter,
    ...latency(times),
    autocannonP50Ms: result.latency.p50,
    rendersPerSec: result.requests.average,
    concurrency: CONNECTIONS,
    peakRssMb: peakRssMb(server.pid),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} catch (error) {
  console.error(`bench http: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`server output (last 4000 characters):\n${server.log()}`);
  process.exitCode = 1;
} finally {
  server.stop();
}
