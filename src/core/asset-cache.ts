// Remote images shared between renders for a short while: a card's logo or avatar is drawn
// again and again, and fetching it each time would make every render wait on someone else's
// server. Bounded by bytes and by age; concurrent renders of one URL share one fetch.
import { LRUCache } from 'lru-cache';
import type { FetchedAsset, Fetcher } from './fetch-guard/index.ts';

export interface AssetCacheOptions {
  maxBytes: number;
  ttlMs: number;
}

/** A Fetcher that keeps what `inner` fetched; with maxBytes 0 it is `inner` itself. */
export function withAssetCache(inner: Fetcher, options: AssetCacheOptions): Fetcher {
  if (options.maxBytes <= 0 || options.ttlMs <= 0) return inner;
  const cache = new LRUCache<string, FetchedAsset>({
    maxSize: options.maxBytes,
    sizeCalculation: (asset) => Math.max(1, asset.bytes.length),
    ttl: options.ttlMs,
  });
  const inFlight = new Map<string, Promise<FetchedAsset>>();
  return {
    ...inner,
    async fetch(url, signal) {
      const hit = cache.get(url);
      if (hit) return hit;
      let pending = inFlight.get(url);
      if (!pending) {
        // The shared fetch runs under its own time limit, not one caller's signal.
        pending = inner.fetch(url).finally(() => inFlight.delete(url));
        inFlight.set(url, pending);
        pending.then((asset) => cache.set(url, asset)).catch(() => undefined); // failures are not kept
      }
      if (!signal) return pending;
      signal.throwIfAborted();
      return new Promise<FetchedAsset>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    post: (...args) => inner.post(...args),
    check: (url) => inner.check(url),
    close: () => inner.close(),
  };
}
