import { describe, expect, it } from 'vitest';
import { PlacardError } from '../errors/placard-error.ts';
import { withAssetCache } from './asset-cache.ts';
import type { Fetcher } from './fetch-guard/index.ts';

function countingFetcher(fail = false) {
  let calls = 0;
  const fetcher: Fetcher = {
    async fetch(url) {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      if (fail) throw new PlacardError('ASSET_FETCH_FAILED', `no ${url}`);
      return { url, finalUrl: url, bytes: Buffer.from('png-bytes'), mime: 'image/png' };
    },
    post: async () => ({ status: 204 }),
    check: async () => undefined,
    close: async () => undefined,
  };
  return { fetcher, calls: () => calls };
}

describe('asset cache', () => {
  it('fetches a URL once for concurrent and later renders', async () => {
    const inner = countingFetcher();
    const cached = withAssetCache(inner.fetcher, { maxBytes: 1000, ttlMs: 60_000 });
    const results = await Promise.all(Array.from({ length: 5 }, () => cached.fetch('https://x/logo.png')));
    expect(results.every((r) => r.bytes.toString() === 'png-bytes')).toBe(true);
    await cached.fetch('https://x/logo.png');
    expect(inner.calls()).toBe(1);
  });

  it('keeps no failure, and lets a caller give up without cancelling the shared fetch', async () => {
    const failing = countingFetcher(true);
    const cached = withAssetCache(failing.fetcher, { maxBytes: 1000, ttlMs: 60_000 });
    await expect(cached.fetch('https://x/a.png')).rejects.toMatchObject({ code: 'ASSET_FETCH_FAILED' });
    await expect(cached.fetch('https://x/a.png')).rejects.toMatchObject({ code: 'ASSET_FETCH_FAILED' });
    expect(failing.calls()).toBe(2);

    const slow = countingFetcher();
    const shared = withAssetCache(slow.fetcher, { maxBytes: 1000, ttlMs: 60_000 });
    const controller = new AbortController();
    const abandoned = shared.fetch('https://x/b.png', controller.signal);
    const kept = shared.fetch('https://x/b.png');
    controller.abort(new Error('gone'));
    await expect(abandoned).rejects.toThrow('gone');
    expect((await kept).bytes.toString()).toBe('png-bytes');
  });

  it('is the fetcher itself when turned off', () => {
    const inner = countingFetcher();
    expect(withAssetCache(inner.fetcher, { maxBytes: 0, ttlMs: 1000 })).toBe(inner.fetcher);
  });
});
