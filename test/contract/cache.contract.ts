// The render cache contract: every RenderCache backend passes these same tests. Each test uses
// its own keys, so the suite can share one cache instance per backend.
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedRender, RenderCache } from '../../src/cache/types.ts';

export type RenderCacheFactory = () => Promise<RenderCache> | RenderCache;

/** Large enough to matter on the wire and in Redis; a memory cache under test must allow it. */
export const LARGE_ENTRY_BYTES = 8 * 1024 * 1024;

export function sampleRender(data: Buffer, overrides: Partial<CachedRender> = {}): CachedRender {
  return {
    data,
    contentType: 'image/png',
    etag: `"${randomUUID()}"`,
    format: 'png',
    width: 1200,
    height: 630,
    renderMs: 12.5,
    fontFallbacks: ['Noto Sans JP', 'Ünïcödé Serif'],
    ...overrides,
  };
}

export function runCacheContract(name: string, factory: RenderCacheFactory): void {
  describe(`render cache contract: ${name}`, () => {
    let cache: RenderCache | undefined;
    const subject = (): RenderCache => cache ?? fail('cache not open');
    const key = (): string => `contract-${randomUUID()}`;

    beforeAll(async () => {
      cache = await factory();
    });
    afterAll(async () => {
      await cache?.close();
    });

    it('answers undefined for a key never stored', async () => {
      expect(await subject().get(key())).toBeUndefined();
    });

    it('gives back binary data byte for byte, 0x00 included, with every field', async () => {
      const k = key();
      // Every byte value, a NUL first, so no layer can treat the image as a C string or text.
      const data = Buffer.concat([
        Buffer.from([0x00, 0x00, 0xff]),
        Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      ]);
      const value = sampleRender(data, { fontFallbacks: [] });
      await subject().set(k, value, 60);
      const got = await subject().get(k);
      expect(got).toBeDefined();
      expect(Buffer.compare(got?.data ?? Buffer.alloc(0), data)).toBe(0);
      expect({ ...got, data: undefined }).toEqual({ ...value, data: undefined });
      expect(await subject().get(key())).toBeUndefined();
    });

    it('keeps font fallbacks with non-ASCII names', async () => {
      const k = key();
      await subject().set(k, sampleRender(randomBytes(64)), 60);
      expect((await subject().get(k))?.fontFallbacks).toEqual(['Noto Sans JP', 'Ünïcödé Serif']);
    });

    it('stores nothing for ttl 0', async () => {
      const k = key();
      await subject().set(k, sampleRender(randomBytes(32)), 0);
      expect(await subject().get(k)).toBeUndefined();
    });

    it('replaces an entry that is set again', async () => {
      const k = key();
      await subject().set(k, sampleRender(Buffer.from('first'), { etag: '"1"' }), 60);
      await subject().set(k, sampleRender(Buffer.from('second'), { etag: '"2"' }), 60);
      const got = await subject().get(k);
      expect(got?.data.toString()).toBe('second');
      expect(got?.etag).toBe('"2"');
    });

    it('forgets an entry after its TTL', async () => {
      const k = key();
      await subject().set(k, sampleRender(randomBytes(32)), 1);
      expect(await subject().get(k)).toBeDefined();
      await sleep(1_200);
      expect(await subject().get(k)).toBeUndefined();
    });

    it('round-trips a large entry', async () => {
      const k = key();
      const data = randomBytes(LARGE_ENTRY_BYTES);
      await subject().set(k, sampleRender(data), 60);
      const got = await subject().get(k);
      expect(got?.data.length).toBe(LARGE_ENTRY_BYTES);
      expect(got?.data.equals(data)).toBe(true);
    });
  });
}

function fail(message: string): never {
  throw new Error(message);
}
