// Runs inside one scenario's own process: warms a render function up, times renders one at a
// time, then keeps several in flight for a fixed time, writes the first image to bench/output/
// and prints one JSON line (a ScenarioResult) for bench/run.ts to read.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { card, pngSize } from './card.ts';
import { peakRssMb } from './proc.ts';
import { latency, percentile } from './stats.ts';

export const WARMUP_RENDERS = 20;
export const TIMED_RENDERS = 60;
export const THROUGHPUT_MS = 3000;
/** Renders in flight in the all-cores phase. */
export const CONCURRENCY = 2 * os.availableParallelism();

export interface Rendered {
  data: Uint8Array;
  /** Time per step of this render (ms), when the path reports them. */
  steps?: Record<string, number>;
}

export interface BenchTarget {
  render(): Promise<Rendered>;
  /** Extra figures for the result line, measured after the standard phases (e.g. a time split). */
  extra?(): Promise<Record<string, unknown>>;
  close?(): Promise<void>;
}

export interface ScenarioResult {
  name: string;
  medianMs: number;
  p95Ms: number;
  rendersPerSec: number;
  concurrency: number;
  peakRssMb: number;
  /** Median time per step over the timed renders, when the path reports steps. */
  steps?: Record<string, number>;
}

async function run(name: string, target: BenchTarget): Promise<ScenarioResult> {
  const first = await target.render();
  const size = pngSize(first.data);
  if (size.width !== card.width || size.height !== card.height) {
    throw new Error(`${name} drew ${size.width}x${size.height}, expected ${card.width}x${card.height}`);
  }
  mkdirSync(new URL('../output/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`../output/${name}.png`, import.meta.url), first.data);

  for (let n = 0; n < WARMUP_RENDERS; n += 1) await target.render();

  const samples: number[] = [];
  const steps = new Map<string, number[]>();
  for (let n = 0; n < TIMED_RENDERS; n += 1) {
    const started = performance.now();
    const rendered = await target.render();
    samples.push(performance.now() - started);
    for (const [step, ms] of Object.entries(rendered.steps ?? {})) {
      steps.set(step, [...(steps.get(step) ?? []), ms]);
    }
  }

  let done = 0;
  const started = performance.now();
  const deadline = started + THROUGHPUT_MS;
  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      await target.render();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  const elapsedS = (performance.now() - started) / 1000;

  return {
    name,
    ...latency(samples),
    rendersPerSec: done / elapsedS,
    concurrency: CONCURRENCY,
    peakRssMb: peakRssMb(),
    ...(steps.size > 0 && { steps: Object.fromEntries([...steps].map(([k, v]) => [k, percentile(v, 50)])) }),
  };
}

/** Sets a path up, measures it and prints the result line; exits non-zero on any error. */
export async function measure(name: string, setup: () => Promise<BenchTarget>): Promise<void> {
  let target: BenchTarget | undefined;
  try {
    target = await setup();
    const result = await run(name, target);
    const extra = (await target.extra?.()) ?? {};
    process.stdout.write(`${JSON.stringify({ ...result, ...extra })}\n`);
  } catch (error) {
    console.error(
      `bench ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  } finally {
    await target?.close?.();
  }
}
