// `npm run soak [-- --seconds 60 --factor 3]`: the real server under more load than it can
// take, with faults. First its capacity is measured (a short closed-loop burst of cache-miss
// renders); then requests arrive at `factor` times that rate in open loop for `seconds`: cache
// misses, cache hits, bad inputs and renders whose image trickles in from a slow server on
// loopback. The server must shed what it cannot do with 503 + Retry-After instead of queueing
// without bound, keep its memory bounded, and be healthy right after. Exits non-zero when a
// request got no reply, a 5xx other than 503 came back, a 503 had no Retry-After, a bad input
// was not refused with a 4xx, or the server was not healthy afterwards.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { request } from 'undici';
import { card, pngSize } from './lib/card.ts';
import { closedLoop, createClient, newStats, openLoop, sleep, type ClassStats } from './lib/load.ts';
import { currentRssMb, peakRssMb } from './lib/proc.ts';
import { formatServerMemory, serverMemory } from './lib/server-memory.ts';
import { startServer, type BenchServer } from './lib/server.ts';
import { startSlowImageServer } from './lib/slow-image-server.ts';
import { brokenInvariants, formatCounts, printClasses } from './lib/soak-report.ts';
import { CLASSES, createMix, createShots, type ShotClass } from './lib/soak-shots.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    factor: { type: 'string', default: '3' },
    'capacity-seconds': { type: 'string', default: '5' },
    'drain-seconds': { type: 'string', default: '45' },
    'trickle-ms': { type: 'string', default: '3000' },
    mix: { type: 'string', default: 'miss=40,hit=30,bad=15,slow=15' },
  },
});
const seconds = Number(args.seconds);
const factor = Number(args.factor);
const capacitySeconds = Number(args['capacity-seconds']);
const drainSeconds = Number(args['drain-seconds']);
const trickleMs = Number(args['trickle-ms']);
const shares = Object.fromEntries(
  args.mix.split(',').map((part) => {
    const [name, share] = part.split('=');
    return [name, Number(share)];
  }),
) as Record<ShotClass, number>;
for (const [name, value] of Object.entries({ seconds, factor, capacitySeconds, drainSeconds, trickleMs })) {
  if (!(value > 0)) throw new Error(`--${name} must be a positive number; received ${value}`);
}
if (!CLASSES.every((c) => shares[c] >= 0))
  throw new Error(`--mix needs ${CLASSES.join(', ')}; received ${args.mix}`);

const slow = await startSlowImageServer({ trickleMs, chunks: 10 });
let server: BenchServer | undefined;
const cleanUp = async () => {
  server?.stop();
  await slow.close();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server?.stop();
    process.exit(130);
  });
}

/** /healthz, /readyz and one new render, each a line; returns the problems. */
async function healthCheck(base: string): Promise<string[]> {
  const problems: string[] = [];
  const check = async (name: string, run: () => Promise<string>) => {
    const started = performance.now();
    try {
      const outcome = await run();
      console.log(`  ${name.padEnd(28)} ${outcome} (${(performance.now() - started).toFixed(0)} ms)`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.log(`  ${name.padEnd(28)} FAILED: ${message}`);
      problems.push(`after the load, ${name} failed: ${message}`);
    }
  };
  await check('GET /healthz', async () => {
    const reply = await request(`${base}/healthz`, { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = await reply.body.text();
    if (reply.statusCode !== 200) throw new Error(`answered ${reply.statusCode}: ${body}`);
    return `200 ${body}`;
  });
  await check('GET /readyz', async () => {
    const reply = await request(`${base}/readyz`, { headersTimeout: 5000, bodyTimeout: 5000 });
    const body = await reply.body.text();
    if (reply.statusCode !== 200) throw new Error(`answered ${reply.statusCode}: ${body}`);
    return `200 ${body}`;
  });
  await check('POST /v1/render (new card)', async () => {
    const shot = createShots(randomUUID(), slow.url).miss(0);
    const reply = await request(`${base}${shot.path}`, {
      method: 'POST',
      headers: shot.headers,
      body: shot.body,
      headersTimeout: 30_000,
    });
    const bytes = new Uint8Array(await reply.body.arrayBuffer());
    if (reply.statusCode !== 200)
      throw new Error(`answered ${reply.statusCode}: ${Buffer.from(bytes).toString()}`);
    const size = pngSize(bytes);
    if (size.width !== card.width || size.height !== card.height)
      throw new Error(`drew ${size.width}x${size.height}, expected ${card.width}x${card.height}`);
    return `200 ${size.width}x${size.height} PNG, X-Cache ${String(reply.headers['x-cache'])}`;
  });
  return problems;
}

let failed = false;
try {
  server = await startServer({ PLACARD_FETCH_ALLOW_HOSTS: '127.0.0.1' }); // the slow image server only
  await server.waitForHealth();
  const pid = server.pid;
  const rssBoot = currentRssMb(pid);
  const client = createClient(server.base);
  const runId = randomUUID().slice(0, 8);
  const shots = createShots(runId, slow.url);
  console.log(
    `soak: node ${process.version}, ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(2)}; ` +
      `${seconds} s at ${factor}x capacity, mix ${args.mix}, slow images trickle over ${trickleMs} ms`,
  );

  // Capacity: cache-miss renders with 16 in flight (as `npm run bench`), after a 1 s warm-up.
  let n = 0;
  const warmup = newStats();
  await closedLoop(client, 16, 1, () => shots.miss(n++), warmup);
  const capacityStats = newStats();
  const capacity = await closedLoop(client, 16, capacitySeconds, () => shots.miss(n++), capacityStats);
  const rate = capacity.perSecond * factor;
  console.log(
    `capacity: ${capacity.perSecond.toFixed(1)} cache-miss renders/s (closed loop, 16 in flight, ${capacitySeconds} s; ` +
      `replies ${formatCounts(capacityStats.statuses)}); load: ${rate.toFixed(0)} requests/s for ${seconds} s\n`,
  );
  await client.send(shots.hit(), newStats()); // the one draw every later hit is served from

  const stats = Object.fromEntries(CLASSES.map((c) => [c, newStats()])) as Record<ShotClass, ClassStats>;
  const mix = createMix(shares);
  const rssStart = currentRssMb(pid);
  const memoryStart = await serverMemory(server.base);
  let rssPeakSampled = rssStart;
  let lastSample = 0;
  const windowS = Math.max(5, Math.round(seconds / 6));
  let windowStart = performance.now();
  let repliesAtWindow = 0;
  const replies = () => CLASSES.reduce((sum, c) => sum + stats[c].latenciesMs.length + stats[c].noReply, 0);
  const busy = () => CLASSES.reduce((sum, c) => sum + stats[c].busy, 0);
  let busyAtWindow = 0;
  // The load generator shares the machine: its own event-loop delay says whether it kept up.
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  const loadStarted = performance.now();
  await openLoop(
    client,
    rate,
    seconds,
    (i) => {
      const kind = mix();
      void client.send(shots[kind](n + i), stats[kind]);
    },
    () => {
      const now = performance.now();
      if (now - lastSample < 250) return;
      lastSample = now;
      rssPeakSampled = Math.max(rssPeakSampled, currentRssMb(pid));
      if (now - windowStart >= windowS * 1000) {
        const span = (now - windowStart) / 1000;
        console.log(
          `  t=${((now - loadStarted) / 1000).toFixed(0).padStart(3)} s  replies ${((replies() - repliesAtWindow) / span).toFixed(0)}/s, ` +
            `503 ${((busy() - busyAtWindow) / span).toFixed(0)}/s, in flight ${client.inFlight} (client-side ${JSON.stringify(client.pool())}), RSS ${currentRssMb(pid).toFixed(0)} MB`,
        );
        [windowStart, repliesAtWindow, busyAtWindow] = [now, replies(), busy()];
      }
    },
  );
  const sentS = (performance.now() - loadStarted) / 1000;
  clientLag.disable();
  const inFlightAtEnd = client.inFlight;
  await client.drain(drainSeconds * 1000);
  const drainedS = (performance.now() - loadStarted) / 1000 - sentS;
  const rssEnd = currentRssMb(pid);
  const memoryEnd = await serverMemory(server.base);

  console.log('');
  printClasses(stats);
  const total = CLASSES.reduce((sum, c) => sum + stats[c].sent, 0);
  const answered = CLASSES.reduce((sum, c) => sum + stats[c].latenciesMs.length, 0);
  const busyTotal = busy();
  const busyWithRetry = CLASSES.reduce((sum, c) => sum + stats[c].busyWithRetryAfter, 0);
  const drawn = (['miss', 'slow'] as const).reduce((sum, c) => sum + (stats[c].statuses.get(200) ?? 0), 0);
  console.log(
    `\nsent ${total} in ${sentS.toFixed(1)} s (${(total / sentS).toFixed(0)}/s); answered ${answered}, ` +
      `${(answered / (sentS + drainedS)).toFixed(0)} replies/s until the last (${drainedS.toFixed(1)} s after the last send); ` +
      `${(drawn / (sentS + drainedS)).toFixed(0)} renders/s drawn (miss + slow 200s)`,
  );
  console.log(
    `503: ${busyTotal} (${((100 * busyTotal) / Math.max(1, total)).toFixed(1)}% of requests), ${busyWithRetry} with Retry-After` +
      `; in flight at most ${client.peakInFlight}, ${inFlightAtEnd} when the last request was sent`,
  );
  const causes = new Map<string, number>();
  for (const c of CLASSES)
    for (const [cause, k] of stats[c].busyCauses) causes.set(cause, (causes.get(cause) ?? 0) + k);
  console.log(`503 by what was full: ${formatCounts(causes)}`);
  console.log(
    `load generator event-loop delay while sending: p50 ${(clientLag.percentile(50) / 1e6).toFixed(0)} ms, ` +
      `p99 ${(clientLag.percentile(99) / 1e6).toFixed(0)} ms, max ${(clientLag.max / 1e6).toFixed(0)} ms`,
  );
  console.log(
    `slow image server: ${slow.started} fetches started, ${slow.finished} served to the end, at most ${slow.peakOpen} open at once`,
  );
  console.log(
    `server RSS: ${rssBoot.toFixed(0)} MB after boot, ${rssStart.toFixed(0)} MB at the start of the load, peak ${rssPeakSampled.toFixed(0)} MB sampled ` +
      `(${peakRssMb(pid).toFixed(0)} MB high-water mark, capacity burst included), ${rssEnd.toFixed(0)} MB at the end; ` +
      `${formatServerMemory(memoryStart)} at the start, ${formatServerMemory(memoryEnd)} at the end`,
  );
  console.log('\nhealth right after:');
  const unhealthy = await healthCheck(server.base);
  await client.close();

  const broken = brokenInvariants(stats, unhealthy);
  if (broken.length > 0) {
    failed = true;
    console.log(`\nSOAK FAILED:\n${broken.map((line) => `  - ${line}`).join('\n')}`);
  } else console.log('\nsoak: every request answered, no 5xx but 503 (all with Retry-After), healthy after');
} catch (error) {
  failed = true;
  console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
} finally {
  if (failed && server) console.error(`server output (last 4000 characters):\n${server.log()}`);
  await cleanUp();
  await sleep(0);
}
process.exit(failed ? 1 : 0);
