// Issue 13's "Speed, second round" for bench/run.ts: where a cache-miss render spends its time,
// what a faster PNG encoder would give, and each goal with whether this run met it. A missed goal
// is a measurement, not a failure.
import { fmt, type Row } from './report.ts';

export interface MemoryRow {
  renders: number;
  checkpointRenders: number;
  rssCheckpointMb?: number;
  heapCheckpointMb?: number;
  rssEndMb: number;
  heapEndMb: number;
  seconds: number;
}

/** Files from a faster PNG path may be at most this much larger than Takumi's own (issue 13). */
const PNG_SIZE_ALLOWANCE = 1.3;

export function printSpeedGoals(input: {
  rows: ReadonlyMap<string, Row | undefined>;
  chromium?: Row;
  memory?: MemoryRow;
}): void {
  const { rows, chromium, memory } = input;
  const placard = rows.get('placard');
  const takumi = rows.get('takumi');
  const http = rows.get('http');
  const phases = takumi?.phases;
  const draw = placard?.steps?.draw;

  console.log('\ncache-miss split, standard card PNG (medians, ms):');
  if (placard && draw !== undefined) {
    const own = Object.entries(placard.steps ?? {}).filter(([step]) => step !== 'draw');
    const stepsMs = own.reduce((sum, [, ms]) => sum + ms, 0);
    console.log(
      `  placard ${fmt(placard.medianMs, 2)} = its own JS ${fmt(placard.medianMs - draw, 2)} ` +
        `(steps ${own.map(([step, ms]) => `${step} ${fmt(ms, 2)}`).join(', ')} = ${fmt(stepsMs, 2)}; ` +
        `request, cache key, ETag and signals ${fmt(placard.medianMs - draw - stepsMs, 2)}) + draw step ${fmt(draw, 2)}`,
    );
  }
  if (phases) {
    const total = phases.layoutMs + phases.rasterMs + phases.encodeMs;
    const share = (ms: number) => `${fmt((100 * ms) / total, 0)}%`;
    console.log(
      `  bare Takumi png ${fmt(phases.pngMs, 2)} = layout ${fmt(phases.layoutMs, 2)} (${share(phases.layoutMs)}) ` +
        `+ raster ${fmt(phases.rasterMs, 2)} (${share(phases.rasterMs)}) + encode ${fmt(phases.encodeMs, 2)} (${share(phases.encodeMs)}) ` +
        `(measure(), a raw render and a png render, interleaved)`,
    );
    if (draw !== undefined) {
      console.log(
        `  placard's draw step over bare Takumi's png render: ${fmt(draw - phases.pngMs, 2)} ms ` +
          `(page wrapper, browser defaults, font stack, images, abort race)`,
      );
    }
    console.log(
      `PNG encoders on the same pixels (a faster path must stay within ${PNG_SIZE_ALLOWANCE}x of Takumi's ${phases.pngBytes} bytes):`,
    );
    console.log(
      `  ${"Takumi's own (default)".padEnd(28)} ${fmt(phases.encodeMs, 2).padStart(6)} ms  ${phases.pngBytes} bytes`,
    );
    for (const e of takumi?.encoders ?? []) {
      const ratio = e.bytes / phases.pngBytes;
      const verdict =
        ratio > PNG_SIZE_ALLOWANCE
          ? `too large (${fmt(ratio, 2)}x)`
          : e.ms < phases.encodeMs
            ? `faster, ${fmt(ratio, 2)}x the size`
            : `slower, ${fmt(ratio, 2)}x the size`;
      console.log(`  ${e.name.padEnd(28)} ${fmt(e.ms, 2).padStart(6)} ms  ${e.bytes} bytes  ${verdict}`);
    }
    const tp = takumi?.pngThroughput;
    if (tp) {
      console.log(
        `  with ${tp.concurrency} in flight: Takumi's PNG path ${fmt(tp.takumiPngPerSec)} cards/s, ` +
          `raw + sharp ${fmt(tp.rawSharpPerSec)} cards/s (alternating 1 s windows)`,
      );
    }
  }

  const ratio = (a?: number, b?: number) => (a && b ? a / b : Number.NaN);
  const vsTakumi = ratio(placard?.medianMs, takumi?.medianMs);
  const httpShare = ratio(http?.rendersPerSec, takumi?.rendersPerSec);
  const memoryGrowth = ratio(memory?.rssEndMb, memory?.rssCheckpointMb);
  const goals: [string, number, number, boolean, string][] = [
    [
      'placard/takumi',
      vsTakumi,
      2,
      vsTakumi <= 1.0,
      '<= 1.00  (in process, vs bare Takumi with default options)',
    ],
    [
      'http/takumi rps',
      httpShare,
      2,
      httpShare >= 0.85,
      ">= 0.85  (HTTP renders/s vs bare Takumi's all-core renders/s)",
    ],
    [
      'cache hits/s',
      http?.cacheHitRps ?? Number.NaN,
      0,
      (http?.cacheHitRps ?? 0) >= 5000,
      '>= 5000  (HTTP POST /v1/render, standard card)',
    ],
    [
      '304/s',
      http?.notModifiedRps ?? Number.NaN,
      0,
      (http?.notModifiedRps ?? 0) >= 15000,
      '>= 15000 (the same POST with If-None-Match)',
    ],
    [
      'signed hits/s',
      http?.signedHitRps ?? Number.NaN,
      0,
      (http?.signedHitRps ?? 0) >= 5000,
      '>= 5000  (HTTP GET of a signed URL to the stored card)',
    ],
    [
      'signed 304/s',
      http?.signedNotModifiedRps ?? Number.NaN,
      0,
      (http?.signedNotModifiedRps ?? 0) >= 15000,
      '>= 15000 (the same URL with If-None-Match: a CDN revalidating)',
    ],
    [
      'chromium png ms',
      chromium?.medianMs ?? Number.NaN,
      1,
      (chromium?.medianMs ?? Infinity) <= 40,
      '<= 40    (warm page, median)',
    ],
    [
      'memory growth',
      memoryGrowth,
      2,
      memoryGrowth <= 1.1,
      `<= 1.10  (RSS after ${memory?.renders ?? 'n/a'} / after ${memory?.checkpointRenders ?? 'n/a'} mixed renders)`,
    ],
  ];
  if (memory) {
    console.log(
      `memory: ${memory.renders} mixed renders in ${fmt(memory.seconds, 0)} s; RSS ${fmt(memory.rssCheckpointMb, 0)} MB ` +
        `after ${memory.checkpointRenders}, ${fmt(memory.rssEndMb, 0)} MB after ${memory.renders}; JS heap ` +
        `${fmt(memory.heapCheckpointMb, 0)} -> ${fmt(memory.heapEndMb, 0)} MB`,
    );
  }
  console.log('\ngoals (issue 13 "Speed, second round"):');
  for (const [name, value, digits, ok, rule] of goals) {
    const verdict = Number.isFinite(value) ? (ok ? 'met' : 'MISSED') : 'not measured';
    console.log(`  ${name.padEnd(16)} ${fmt(value, digits).padStart(7)}  ${rule.padEnd(62)} ${verdict}`);
  }
}
