// Printing for bench/run.ts: merging repeated runs of one path and the results table.
import type { ScenarioResult } from './measure.ts';
import type { EncoderFigure, PngThroughput, TakumiPhases } from './phases.ts';

/** A path's result; the HTTP path adds its request counts and cache phases, chromium its formats. */
export type Row = ScenarioResult & {
  requests?: number;
  non2xx?: number;
  errors?: number;
  loadGenerator?: 'wrk' | 'autocannon';
  cacheHitRps?: number;
  cacheHitRequests?: number;
  cacheHitNon2xx?: number;
  notModifiedRps?: number;
  notModified304?: number;
  notModifiedRequests?: number;
  /** The same card by GET of a signed URL (wrk only). */
  signedHitRps?: number;
  signedHitNon2xx?: number;
  signedNotModifiedRps?: number;
  signedNotModified304?: number;
  signedNotModifiedRequests?: number;
  rssBeforeHitsMb?: number;
  rssAfterHitsMb?: number;
  formats?: Record<string, { medianMs: number; p95Ms: number }>;
  firstRenderMs?: number;
  browserPssMb?: number;
  /** The bare Takumi path: its time split and other PNG encoders on its pixels. */
  phases?: TakumiPhases;
  encoders?: EncoderFigure[];
  pngThroughput?: PngThroughput;
};

/**
 * Merges several runs of one path. Noise from other processes only ever adds time, so the best
 * value of each timing is the truest; peak RSS keeps the worst.
 */
export function best(runs: readonly Row[]): Row | undefined {
  const [first, ...rest] = runs;
  if (!first) return undefined;
  return rest.reduce<Row>(
    (acc, r) => ({
      ...acc,
      medianMs: Math.min(acc.medianMs, r.medianMs),
      p95Ms: Math.min(acc.p95Ms, r.p95Ms),
      rendersPerSec: Math.max(acc.rendersPerSec, r.rendersPerSec),
      peakRssMb: Math.max(acc.peakRssMb, r.peakRssMb),
      steps: r.medianMs < acc.medianMs ? r.steps : acc.steps,
    }),
    first,
  );
}

export function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits);
}

export function printTable(rows: ReadonlyMap<string, Row | undefined>): void {
  const columns = ['path', 'median ms', 'p95 ms', 'renders/s', 'in flight', 'peak RSS MB'];
  const cells = [...rows].map(([name, r]) => [
    name,
    fmt(r?.medianMs),
    fmt(r?.p95Ms),
    fmt(r?.rendersPerSec),
    r ? String(r.concurrency) : 'n/a',
    fmt(r?.peakRssMb, 0),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  for (const row of [columns, ...cells]) {
    console.log(
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  '),
    );
  }
}
