// `npm run bench`: measures the standard card through four paths, each in its own process
// (placard in-process, bare Takumi, satori + resvg, placard over HTTP), plus two brand-kit
// variants of it in process (an uploaded WOFF2 font, Tailwind classes), prints a table and
// whether DESIGN.md's performance targets are met, and ends with one machine-readable line.
// A missed target is a measurement, not a failure: only a path that errors exits non-zero.
import os from 'node:os';
import { findChromium } from '../src/engines/chromium/index.ts';
import { killCurrentScenario, runScenario } from './lib/proc.ts';
import { printSpeedGoals, type MemoryRow } from './lib/goals.ts';
import { best, fmt, printTable, type Row } from './lib/report.ts';

/** In-process paths run this many times, alternating, so a burst of load elsewhere hits one run, not a path. */
const ROUNDS = 3;
const IN_PROCESS = ['takumi', 'placard', 'satori', 'placard-font', 'placard-tailwind'] as const;
// `npm run bench -- --bulk-rows 100` for a quick bulk phase (default 1,000 rows);
// `--only-bulk` measures just the placard path and the bulk phase.
const argv = process.argv.slice(2);
const bulkRowsAt = argv.indexOf('--bulk-rows');
const BULK_ROWS = bulkRowsAt === -1 ? 1000 : Number(argv[bulkRowsAt + 1]);
const ONLY_BULK = argv.includes('--only-bulk');
// `--only takumi,placard`: just those in-process paths (alternating as usual), no bulk, HTTP,
// Chromium or memory phase: a quick placard/takumi ratio.
const onlyAt = argv.indexOf('--only');
const ONLY = onlyAt === -1 ? undefined : (argv[onlyAt + 1] ?? '').split(',').filter(Boolean);
// `--memory-renders 4000` for a shorter memory path (default 20,000, issue 13's figure; 0 skips it).
const memoryAt = argv.indexOf('--memory-renders');
const MEMORY_RENDERS = memoryAt === -1 ? 20_000 : Number(argv[memoryAt + 1]);
if (!Number.isInteger(MEMORY_RENDERS) || (MEMORY_RENDERS !== 0 && MEMORY_RENDERS < 10)) {
  console.error(
    `bench: --memory-renders must be 0 or a whole number of at least 10; received ${argv[memoryAt + 1]}`,
  );
  process.exit(2);
}
if (ONLY && (ONLY.length === 0 || ONLY.some((name) => !(IN_PROCESS as readonly string[]).includes(name)))) {
  console.error(
    `bench: --only takes in-process paths (${IN_PROCESS.join(', ')}); received ${argv[onlyAt + 1]}`,
  );
  process.exit(2);
}
if (!Number.isInteger(BULK_ROWS) || BULK_ROWS < 1) {
  console.error(`bench: --bulk-rows must be a whole number of at least 1; received ${argv[bulkRowsAt + 1]}`);
  process.exit(2);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killCurrentScenario();
    process.exit(130);
  });
}

let failed = false;
const runs = new Map<string, Row[]>();
async function measurePath(name: string): Promise<void> {
  try {
    const row = await runScenario<Row>(new URL(`${name}.ts`, import.meta.url).pathname);
    runs.set(name, [...(runs.get(name) ?? []), row]);
  } catch (error) {
    failed = true;
    console.error(`bench: path ${name} FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const cores = os.availableParallelism();
console.log(
  `bench: standard card 1200x630 png, node ${process.version}, ${cores} cores, load ${os.loadavg()[0]?.toFixed(2)}`,
);
console.log(`in-process paths: best of ${ROUNDS} alternating runs, each in its own process; http: one run`);
if ((os.loadavg()[0] ?? 0) > cores / 2)
  console.log('WARNING: other processes are using the CPU; timings are noisy');
console.log('');
const paths = ONLY_BULK ? ['placard'] : (ONLY ?? IN_PROCESS);
for (let round = 0; round < (ONLY_BULK ? 1 : ROUNDS); round += 1) {
  for (const name of paths) await measurePath(name);
}
// Bulk: `placard batch` over BENCH_BULK_ROWS rows in process (bench/batch.ts).
let bulk: { rows: number; seconds: number; imagesPerSec: number } | undefined;
if (!ONLY) {
  try {
    process.env.BENCH_BULK_ROWS = String(BULK_ROWS);
    bulk = await runScenario(new URL('batch.ts', import.meta.url).pathname, 60_000 + BULK_ROWS * 200);
  } catch (error) {
    failed = true;
    console.error(`bench: path batch FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (!ONLY_BULK && !ONLY) {
  await measurePath('http');
  // The optional engine: measured when Chromium is installed, noted when it is not.
  if (findChromium()) await measurePath('chromium');
  else console.log('chromium: not installed (apt-get install chromium), not measured');
}
// Memory over many mixed renders (bench/memory.ts), last: it is the longest path.
let memory: MemoryRow | undefined;
if (!ONLY_BULK && !ONLY && MEMORY_RENDERS > 0) {
  try {
    process.env.BENCH_MEMORY_RENDERS = String(MEMORY_RENDERS);
    memory = await runScenario(
      new URL('memory.ts', import.meta.url).pathname,
      120_000 + MEMORY_RENDERS * 250,
    );
  } catch (error) {
    failed = true;
    console.error(`bench: path memory FAILED: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const rows = new Map([...IN_PROCESS, 'http'].map((name) => [name, best(runs.get(name) ?? [])]));
printTable(rows);

const placard = rows.get('placard');
const http = rows.get('http');
if (placard?.steps) {
  const steps = Object.entries(placard.steps).map(([step, ms]) => `${step} ${ms.toFixed(2)}`);
  console.log(`\nplacard step medians (ms): ${steps.join(', ')}`);
}
console.log(
  'renders/s: in-process with 2 x cores renders in flight for 3 s (satori + resvg are synchronous, so one core); ' +
    'http with 16 connections for 5 s',
);
if (http) {
  console.log(
    `http: ${http.requests} requests, ${http.non2xx} non-2xx, ${http.errors} errors; latency is under load ` +
      `(per response; load from ${http.loadGenerator ?? 'autocannon'} in its own process)`,
  );
  if ((http.non2xx ?? 0) > 0 || (http.errors ?? 0) > 0) {
    console.log(`\n!!! HTTP: ${http.non2xx} NON-2XX RESPONSES AND ${http.errors} ERRORS/TIMEOUTS !!!\n`);
    failed = true;
  }
}

if (http) {
  const growth = (http.rssAfterHitsMb ?? Number.NaN) - (http.rssBeforeHitsMb ?? Number.NaN);
  console.log(
    `http cache: ${fmt(http.cacheHitRps)} hits/s (${http.cacheHitRequests} requests, ${http.cacheHitNon2xx} non-2xx), ` +
      `${fmt(http.notModifiedRps)} 304/s (${http.notModified304} of ${http.notModifiedRequests ?? 'n/a'} answered 304); ` +
      `server RSS ${fmt(http.rssBeforeHitsMb)} -> ${fmt(http.rssAfterHitsMb)} MB over the hits (${growth >= 0 ? '+' : ''}${fmt(growth)} MB)`,
  );
  if (http.signedHitRps !== undefined) {
    console.log(
      `http signed URL (GET): ${fmt(http.signedHitRps)} hits/s (${http.signedHitNon2xx} non-2xx), ` +
        `${fmt(http.signedNotModifiedRps)} 304/s (${http.signedNotModified304} of ${http.signedNotModifiedRequests} answered 304)`,
    );
  }
}
const chromium = runs.get('chromium')?.[0];
if (chromium?.formats) {
  const formats = Object.entries(chromium.formats)
    .map(([format, f]) => `${format} median ${fmt(f.medianMs)} p95 ${fmt(f.p95Ms)}`)
    .join('; ');
  console.log(
    `chromium engine: ${formats} ms; ${fmt(chromium.rendersPerSec)} renders/s with every page busy; ` +
      `first render ${fmt(chromium.firstRenderMs)} ms; browser ${fmt(chromium.browserPssMb)} MB`,
  );
}

const ratio = (a?: number, b?: number) => (a && b ? a / b : Number.NaN);
// Brand kits (issue 14): the standard card in an uploaded WOFF2 font, and written in Tailwind
// (bench/tailwind-card.html), each against the plain card on a cache miss.
const vsFont = ratio(rows.get('placard-font')?.medianMs, placard?.medianMs);
const vsTailwind = ratio(rows.get('placard-tailwind')?.medianMs, placard?.medianMs);
console.log(
  `brand kits, cache miss median: uploaded WOFF2 font ${fmt(rows.get('placard-font')?.medianMs, 2)} ms, ` +
    `Tailwind ${fmt(rows.get('placard-tailwind')?.medianMs, 2)} ms, plain ${fmt(placard?.medianMs, 2)} ms`,
);
const vsSatori = ratio(placard?.medianMs, rows.get('satori')?.medianMs);
const vsTakumi = ratio(placard?.medianMs, rows.get('takumi')?.medianMs);
const rps = http?.rendersPerSec ?? Number.NaN;
const bulkRatio = ratio(bulk?.imagesPerSec, placard?.rendersPerSec);
if (bulk) {
  console.log(
    `bulk: placard batch, ${bulk.rows} rows in process in ${fmt(bulk.seconds, 2)} s (services start, CSV, ` +
      `renders, files, manifest): ${fmt(bulk.imagesPerSec)} images/s vs ${fmt(placard?.rendersPerSec)} renders/s single`,
  );
}
const targets: [string, number, boolean, string][] = [
  ['placard/satori', vsSatori, vsSatori <= 0.25, '<= 0.25  (Placard >= 4x faster than satori + resvg)'],
  ['placard/takumi', vsTakumi, vsTakumi <= 1.2, '<= 1.20  (Placard within 1.2x of bare Takumi)'],
  ['http-rps', rps, rps >= 100, '>= 100   (renders/s over HTTP on 2 cores)'],
  ['font/plain', vsFont, vsFont <= 1.2, '<= 1.20  (uploaded WOFF2 font card vs plain card; issue 14)'],
  ['tailwind/plain', vsTailwind, vsTailwind <= 1.2, '<= 1.20  (Tailwind card vs plain card; issue 14)'],
  [
    'batch/single',
    bulkRatio,
    bulkRatio >= 0.9,
    '>= 0.90  (batch images/s vs in-process renders/s; issue 15)',
  ],
];
console.log('\ntargets (DESIGN.md "Performance targets"):');
for (const [name, value, ok, rule] of targets) {
  const verdict = Number.isFinite(value) ? (ok ? 'met' : 'MISSED') : 'not measured';
  console.log(
    `  ${name.padEnd(15)} ${fmt(value, name === 'http-rps' ? 0 : 2).padStart(6)}  ${rule.padEnd(56)} ${verdict}`,
  );
}
console.log(
  `bench: placard/satori=${fmt(vsSatori, 2)} placard/takumi=${fmt(vsTakumi, 2)} http-rps=${fmt(rps, 0)} batch/single=${fmt(bulkRatio, 2)} font/plain=${fmt(vsFont, 2)} tailwind/plain=${fmt(vsTailwind, 2)}`,
);
printSpeedGoals({ rows, chromium, memory });
if (failed) process.exitCode = 1;
