// The default render cache: an in-process LRU bounded by bytes, so memory stays flat however
// many distinct cards are served. Each node has its own; use the Redis cache to share one.
import { LRUCache } from 'lru-cache';
import type { CachedRender, RenderCache } from './types.ts';

export interface MemoryCacheOptions {
  /** Budget for image bytes plus a per-entry overhead; least recently used entries go first. */
  maxBytes: number;
}

/**
 * Counted per entry on top of the image bytes: the object, its strings and the LRU's own
 * bookkeeping. An estimate, so that many tiny entries cannot blow far past the budget.
 */
export const MEMORY_ENTRY_OVERHEAD_BYTES = 512;

export function memoryEntrySize(value: CachedRender): number {
  return value.data.length + MEMORY_ENTRY_OVERHEAD_BYTES;
}

export function createMemoryCache(options: MemoryCacheOptions): RenderCache {
  const { maxBytes } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(`The memory cache needs maxBytes as a positive integer; received ${String(maxBytes)}.`);
  }
  const lru = new LRUCache<string, CachedRender>({
    maxSize: maxBytes,
    // An entry bigger than the whole budget is refused (lru-cache's maxEntrySize defaults to
    // maxSize) rather than stored by evicting everything else.
    sizeCalculation: memoryEntrySize,
  });

  return {
    name: 'memory',
    // A hit returns the stored object itself, not a copy: hits must stay cheap, and nothing
    // downstream writes into a render's bytes.
    get: async (key) => lru.get(key),
    async set(key, value, ttlSeconds) {
      // lru-cache reads ttl 0 as "never expires"; ours means "do not store".
      if (!(ttlSeconds > 0)) return;
      lru.set(key, value, { ttl: ttlSeconds * 1000 });
    },
    async close() {
      lru.clear();
    },
  };
}
