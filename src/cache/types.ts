// The render cache: finished images by content key (template version + variables + options +
// engine version). One interface, one file per backend (memory.ts, redis.ts).
import type { FitReport } from '../fit/index.ts';

export interface CachedRender {
  data: Buffer;
  contentType: string;
  etag: string;
  format: string;
  width: number;
  height: number;
  /** How long the original render took. */
  renderMs: number;
  /** Font families drawn in Inter instead (repeated in headers on a hit). */
  fontFallbacks: string[];
  /** How the marked text fit, when it was measured (repeated in headers on a hit). */
  fit?: FitReport;
  /** The engine that drew it, and auto's warning if it wanted another (repeated on a hit). */
  engine?: string;
  engineWarning?: string;
}

export interface RenderCache {
  /** The backend, named after it (memory, redis). */
  readonly name: string;
  get(key: string): Promise<CachedRender | undefined>;
  /** ttlSeconds 0 stores nothing. */
  set(key: string, value: CachedRender, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs `work` once for concurrent callers of the same key on this node: identical misses
 * render once, not N times. Across nodes see `RenderFlight`: a caller that did not run `work`
 * needs the value from somewhere, which only works for renders (from the shared cache).
 */
export interface SingleFlight {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * The single flight the render path uses: `work` renders AND stores the result in the cache
 * (when the request's TTL allows), so a caller on another node that waited for the same key can
 * return the cached render instead of running `work`. A local `SingleFlight` satisfies it too,
 * so the render path calls `run` the same way whichever backend config picked.
 */
export interface RenderFlight {
  run(key: string, work: () => Promise<CachedRender>): Promise<CachedRender>;
}
