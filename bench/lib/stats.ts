// Timing statistics for the bench: nearest-rank percentiles over per-render samples (ms).

export interface Latency {
  medianMs: number;
  p95Ms: number;
}

/** Nearest-rank percentile of `samples` (0 < p <= 100); NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export function latency(samples: readonly number[]): Latency {
  return { medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95) };
}
