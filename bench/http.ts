// Bench path "http": the real server (`node bin/placard.js serve`) as a child on loopback,
// driven by wrk (when installed; bench/lib/wrk.ts says why) or autocannon on POST /v1/render.
// Prints one JSON line like the other paths; the server is always stopped, also when the bench
// is interrupted.
import autocannon from 'autocannon';
import { card, pngSize } from './lib/card.ts';
import { currentRssMb, peakRssMb } from './lib/proc.ts';
import { BENCH_KEY, startServer } from './lib/server.ts';
import { latency } from './lib/stats.ts';
import { hasWrk, runWrk } from './lib/wrk.ts';

const CONNECTIONS = 16;
const WARMUP_S = 1;
// BENCH_HTTP_SECONDS shortens each phase while iterating (default 5 s).
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 5);

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

/** One load phase's figures, whichever generator ran it. */
interface Phase {
  requestsPerSec: number;
  requests: number;
  non2xx: number;
  errors: number;
  medianMs: number;
  p95Ms: number;
  notModified: number;
}

const WRK = hasWrk();

async function phase(
  durationS: number,
  body = payload,
  extraHeaders: Record<string, string> = {},
  get?: string,
): Promise<Phase> {
  if (WRK) {
    const r = await runWrk({
      url: get ?? `${base}/v1/render`,
      method: get ? 'GET' : 'POST',
      headers: get ? extraHeaders : { ...headers, ...extraHeaders },
      ...(get ? {} : { body }),
      connections: CONNECTIONS,
      durationS,
      count304: 'if-none-match' in extraHeaders,
    });
    return {
      requestsPerSec: r.requestsPerSec,
      requests: r.requests,
      non2xx: r.non2xx3xx,
      errors: r.errors,
      medianMs: r.p50Ms,
      p95Ms: r.p95Ms,
      notModified: r.notModified ?? 0,
    };
  }
  if (get) throw new Error('the signed-URL phases need wrk');
  const times: number[] = [];
  const r = await load(durationS, times, body, extraHeaders);
  return {
    requestsPerSec: r.requests.average,
    requests: r.requests.total,
    // 304 answers count as 3xx: only what is neither 2xx nor 304 is a failure here.
    non2xx: r.non2xx - r['3xx'],
    errors: r.errors + r.timeouts,
    ...latency(times),
    notModified: r['3xx'],
  };
}

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
  let reply = await fetch(`${base}/v1/render`, { method: 'POST', headers, body: payload });
  // Right after boot on a loaded machine the event loop may still lag and the server sheds (503).
  for (let tries = 0; reply.status === 503 && tries < 20; tries += 1) {
    await reply.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 500));
    reply = await fetch(`${base}/v1/render`, { method: 'POST', headers, body: payload });
  }
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

/**
 * The same card as a stored template behind a signed URL, fetched by GET: what an og:image tag,
 * a browser or a CDN asks for, and revalidates with If-None-Match.
 */
async function signedUrlPhases() {
  const post = async (route: string, body: unknown) => {
    const reply = await fetch(`${base}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (!reply.ok) throw new Error(`POST ${route} answered ${reply.status}: ${await reply.text()}`);
    return (await reply.json()) as Record<string, unknown>;
  };
  const template = await post('/v1/templates', {
    name: 'bench card',
    kind: 'html',
    source: card.html,
    width: card.width,
    height: card.height,
  });
  const { url } = (await post('/v1/urls', { template_id: template.id, variables: card.variables })) as {
    url: string;
  };
  const first = await fetch(url);
  if (first.status !== 200) throw new Error(`GET of a signed URL answered ${first.status}`);
  const etag = first.headers.get('etag') ?? '';
  await first.arrayBuffer();
  await phase(WARMUP_S, undefined, {}, url);
  const hits = await phase(DURATION_S, undefined, {}, url);
  const notModified = await phase(DURATION_S, undefined, { 'if-none-match': etag }, url);
  return {
    signedHitRps: hits.requestsPerSec,
    signedHitNon2xx: hits.non2xx + hits.errors,
    signedNotModifiedRps: notModified.requestsPerSec,
    signedNotModified304: notModified.notModified,
    signedNotModifiedRequests: notModified.requests,
  };
}

try {
  await server.waitForHealth();
  await checkOnce();
  await checkOnce(); // the second of two identical requests would be the cache hit, if any

  await phase(WARMUP_S);
  const result = await phase(DURATION_S);
  // Cache hits and 304s: the same request with the default cache TTL, after one render filled
  // the cache; memory is read before and after (it must stay flat over 10 000+ hits).
  const cached = JSON.stringify(card);
  const first = await fetch(`${base}/v1/render`, { method: 'POST', headers, body: cached });
  const etag = first.headers.get('etag') ?? '';
  await first.arrayBuffer();
  await phase(WARMUP_S, cached);
  const rssBefore = currentRssMb(server.pid);
  const hits = await phase(DURATION_S, cached);
  const rssAfter = currentRssMb(server.pid);
  const notModified = await phase(DURATION_S, cached, { 'if-none-match': etag });
  const signed = WRK ? await signedUrlPhases() : undefined;
  const line = {
    name: 'http',
    loadGenerator: WRK ? 'wrk' : 'autocannon',
    cacheHitRps: hits.requestsPerSec,
    cacheHitRequests: hits.requests,
    cacheHitNon2xx: hits.non2xx + hits.errors,
    notModifiedRps: notModified.requestsPerSec,
    notModified304: notModified.notModified,
    notModifiedRequests: notModified.requests,
    ...signed,
    rssBeforeHitsMb: rssBefore,
    rssAfterHitsMb: rssAfter,
    medianMs: result.medianMs,
    p95Ms: result.p95Ms,
    rendersPerSec: result.requestsPerSec,
    concurrency: CONNECTIONS,
    peakRssMb: peakRssMb(server.pid),
    requests: result.requests,
    non2xx: result.non2xx,
    errors: result.errors,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} catch (error) {
  console.error(`bench http: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.error(`server output (last 4000 characters):\n${server.log()}`);
  process.exitCode = 1;
} finally {
  server.stop();
}
