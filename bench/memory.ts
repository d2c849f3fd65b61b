// Bench path "memory": does the process stay flat over many renders? Placard's pipeline in
// process (as bench/placard.ts) draws a mix: mostly distinct cards (cache misses), some repeats
// (hits), PNG, JPEG and WebP, some with emoji, one in five with its avatar fetched from an image
// server on loopback at a new URL (as the soak's slow class). The distinct cards use cache_ttl 0: the
// render cache is bounded by PLACARD_CACHE_MAX_BYTES (256 MB) and filling it is not growth, while
// the repeats (50 cards) go through it. RSS is read after the first tenth of the renders
// and at the end; the goal is the end within 10% of the checkpoint (issue 13: 2,000 and 20,000).
// BENCH_MEMORY_RENDERS sets the count (default 20,000). JS heap is printed too, so native growth
// (Takumi, sharp, glibc arenas) shows apart from JavaScript's.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createRenderRequest } from '../src/core/render-request.ts';
import { createServices } from '../src/services.ts';
import { card } from './lib/card.ts';
import { CONCURRENCY } from './lib/measure.ts';
import { startSlowImageServer } from './lib/slow-image-server.ts';

const RENDERS = Number(process.env.BENCH_MEMORY_RENDERS ?? 20_000);
if (!Number.isInteger(RENDERS) || RENDERS < 10) {
  console.error(
    `bench memory: BENCH_MEMORY_RENDERS must be a whole number of at least 10; received ${RENDERS}`,
  );
  process.exit(2);
}
const CHECKPOINT = Math.round(RENDERS / 10);
const FORMATS = ['png', 'png', 'jpeg', 'webp'] as const;
const EMOJI = ['', ' 🚀', ' 🎉✨', ' 👩🏽‍💻'];

const mb = (bytes: number) => bytes / 1024 / 1024;

const images = await startSlowImageServer({ trickleMs: 1, chunks: 1 });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'placard-bench-'));
// The image server only; every other private address stays refused.
const config = loadConfig({ PLACARD_FETCH_ALLOW_HOSTS: '127.0.0.1' }, { dataDir });
const services = await createServices(config);

/** Render `i` of the mix: one in five repeats an earlier card (a cache hit), the rest are new. */
function request(i: number) {
  const repeat = i % 5 === 4;
  const n = repeat ? i % 50 : i;
  return createRenderRequest(
    {
      template: { kind: 'html', source: card.html },
      variables: {
        ...card.variables,
        title: `${card.variables.title} #${n}${EMOJI[n % EMOJI.length]}`,
        tag: `Tag ${n % 97}`,
        ...(n % 5 === 3 && { avatar: images.url(n) }),
      },
      width: card.width,
      height: card.height,
      format: FORMATS[n % FORMATS.length],
      ...(!repeat && { cacheTtl: 0 }),
    },
    config,
  );
}

try {
  let next = 0;
  let checkpoint: { rssMb: number; heapMb: number; buffersMb: number; seconds: number } | undefined;
  const started = performance.now();
  const lane = async () => {
    while (next < RENDERS) {
      const i = next++;
      await services.pipeline.render(request(i));
      if (i + 1 === CHECKPOINT) {
        const usage = process.memoryUsage();
        checkpoint = {
          rssMb: mb(usage.rss),
          heapMb: mb(usage.heapUsed),
          buffersMb: mb(usage.arrayBuffers),
          seconds: (performance.now() - started) / 1000,
        };
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const end = process.memoryUsage();
  const seconds = (performance.now() - started) / 1000;
  const line = {
    name: 'memory',
    renders: RENDERS,
    checkpointRenders: CHECKPOINT,
    rssCheckpointMb: checkpoint?.rssMb,
    heapCheckpointMb: checkpoint?.heapMb,
    buffersCheckpointMb: checkpoint?.buffersMb,
    buffersEndMb: mb(end.arrayBuffers),
    rssEndMb: mb(end.rss),
    heapEndMb: mb(end.heapUsed),
    seconds,
    rendersPerSec: RENDERS / seconds,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} catch (error) {
  console.error(`bench memory: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await services.close();
  await images.close();
  rmSync(dataDir, { recursive: true, force: true });
}
