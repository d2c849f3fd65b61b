// Fixed-window request counters for the per-minute limit. The window of a key starts at its
// first hit and lasts windowMs; every hit in it counts, refused ones too, so a client that
// keeps hammering does not get through faster. This in-memory one counts for one process;
// redis-rate-counter.ts shares the count across nodes.

export interface RateHit {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the window ends: epoch milliseconds. */
  resetAtMs: number;
}

export interface RateCounter {
  hit(key: string, windowMs: number): Promise<RateHit>;
  close(): Promise<void>;
}

/** Past this many keys, expired windows are swept before a new one is added. */
const SWEEP_AT = 10_000;

export function createMemoryRateCounter(now: () => Date = () => new Date()): RateCounter {
  const windows = new Map<string, RateHit>();
  let sweepAt = SWEEP_AT;

  function sweep(at: number): void {
    for (const [key, window] of windows) if (window.resetAtMs <= at) windows.delete(key);
    // Many live windows: sweep again only after as many more, so a sweep stays rare.
    sweepAt = Math.max(SWEEP_AT, windows.size * 2);
  }

  return {
    async hit(key, windowMs) {
      const at = now().getTime();
      const current = windows.get(key);
      if (current && current.resetAtMs > at) {
        current.count += 1;
        return { ...current };
      }
      if (windows.size >= sweepAt) sweep(at);
      const fresh = { count: 1, resetAtMs: at + windowMs };
      windows.set(key, fresh);
      return { ...fresh };
    },
    async close() {
      windows.clear();
    },
  };
}
