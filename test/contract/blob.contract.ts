// The blob store contract: the fs and S3 stores pass these same tests. Each test works under
// its own random folder, so tests sharing one store never see each other's keys.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/storage/blob/types.ts';

export interface BlobContractOptions {
  /** What publicUrl(key) must return; undefined (the default) when Placard serves blobs itself. */
  publicUrl?: (key: string) => string | undefined;
  /**
   * Why the server under test cannot show that concurrent puts of one key never tear, when it
   * cannot (s3rver writes objects in place; real S3 PUTs are atomic). The case is then skipped
   * with this reason printed.
   */
  serverTearsConcurrentPuts?: string;
}

export const INVALID_BLOB_KEYS = [
  '',
  '/abs.png',
  '../escape.png',
  'a/../../escape.png',
  'a/..',
  '..',
  'a//b.png',
  'a/',
  '.hidden.png',
  'a/.tmp',
  'a b.png',
  'a\\b.png',
  'a?b.png',
  'a%2e%2e/b.png',
  'café.png',
  'a\0b.png',
  'x'.repeat(1025),
];

export function runBlobContract(
  name: string,
  factory: () => Promise<BlobStore>,
  options: BlobContractOptions = {},
): void {
  describe(`blob contract: ${name}`, () => {
    let opened: BlobStore | undefined;
    const store = (): BlobStore => opened ?? fail('blob store not open');
    /** A fresh folder per test; keys look like Placard's own (`2026/11/<id>.png`). */
    const folder = () => `t-${randomBytes(4).toString('hex')}/2026/11`;

    beforeAll(async () => {
      opened = await factory();
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('returns binary data over 1 MB byte for byte, NUL bytes included', async () => {
      const key = `${folder()}/big.png`;
      const data = randomBytes(1_500_000);
      data.fill(0, 0, 1024);
      await store().put(key, data, { contentType: 'image/png' });
      const blob = await store().get(key);
      expect(Buffer.isBuffer(blob?.data)).toBe(true);
      expect(blob?.data.length).toBe(data.length);
      expect(blob?.data.equals(data)).toBe(true);
    });

    it('stores an empty blob', async () => {
      const key = `${folder()}/empty.bin`;
      await store().put(key, Buffer.alloc(0), { contentType: 'application/octet-stream' });
      expect((await store().get(key))?.data.length).toBe(0);
    });

    it('keeps the content type and cache control, and leaves cache control unset when not given', async () => {
      const base = folder();
      await store().put(`${base}/a.webp`, Buffer.from('a'), {
        contentType: 'image/webp',
        cacheControl: 'public, max-age=31536000, immutable',
      });
      await store().put(`${base}/b.svg`, Buffer.from('<svg/>'), { contentType: 'image/svg+xml' });
      const a = await store().get(`${base}/a.webp`);
      expect(a).toMatchObject({
        contentType: 'image/webp',
        cacheControl: 'public, max-age=31536000, immutable',
      });
      const b = await store().get(`${base}/b.svg`);
      expect(b?.contentType).toBe('image/svg+xml');
      expect(b?.cacheControl).toBeUndefined();
    });

    it('replaces data and metadata on overwrite', async () => {
      const key = `${folder()}/card.png`;
      await store().put(key, randomBytes(300_000), { contentType: 'image/png', cacheControl: 'max-age=60' });
      const second = Buffer.from('second, shorter');
      await store().put(key, second, { contentType: 'image/jpeg' });
      const blob = await store().get(key);
      expect(blob?.data.equals(second)).toBe(true);
      expect(blob?.contentType).toBe('image/jpeg');
      expect(blob?.cacheControl).toBeUndefined();
    });

    it('answers undefined for a key that was never stored', async () => {
      expect(await store().get(`${folder()}/missing.png`)).toBeUndefined();
      expect(await store().get('never/made/folders/missing.png')).toBeUndefined();
    });

    it('deletes, answering true only when the blob existed', async () => {
      const key = `${folder()}/gone.png`;
      await store().put(key, Buffer.from('x'), { contentType: 'image/png', cacheControl: 'max-age=1' });
      expect(await store().delete(key)).toBe(true);
      expect(await store().get(key)).toBeUndefined();
      expect(await store().delete(key)).toBe(false);
      expect(await store().delete(`${folder()}/never.png`)).toBe(false);
      // A new put after a delete must not resurrect the old metadata.
      await store().put(key, Buffer.from('y'), { contentType: 'image/gif' });
      const again = await store().get(key);
      expect(again?.contentType).toBe('image/gif');
      expect(again?.cacheControl).toBeUndefined();
    });

    it('keeps keys in folders apart from each other and from their parents', async () => {
      const base = folder();
      await store().put(`${base}/abc123.png`, Buffer.from('one'), { contentType: 'image/png' });
      await store().put(`${base}/abc124.png`, Buffer.from('two'), { contentType: 'image/png' });
      await store().put(`${base}/deeper/abc123.png`, Buffer.from('three'), { contentType: 'image/png' });
      expect(await store().delete(`${base}/abc124.png`)).toBe(true);
      expect((await store().get(`${base}/abc123.png`))?.data.toString()).toBe('one');
      expect((await store().get(`${base}/deeper/abc123.png`))?.data.toString()).toBe('three');
      expect(await store().get(`${base}/abc124.png`)).toBeUndefined();
      expect(await store().get(base)).toBeUndefined();
    });

    it('refuses invalid keys in every method', async () => {
      for (const key of INVALID_BLOB_KEYS) {
        const message = /invalid blob key/;
        await expect(store().put(key, Buffer.from('x'), { contentType: 'image/png' }), key).rejects.toThrow(
          message,
        );
        await expect(store().get(key), key).rejects.toThrow(message);
        await expect(store().delete(key), key).rejects.toThrow(message);
        expect(() => store().publicUrl(key), key).toThrow(message);
      }
    });

    it('keeps every blob of concurrent puts to different keys', async () => {
      const base = folder();
      const blobs = Array.from({ length: 12 }, (_, i) => randomBytes(100_000 + i));
      await Promise.all(
        blobs.map((data, i) =>
          store().put(`${base}/${i}.png`, data, { contentType: 'image/png', cacheControl: `${i}` }),
        ),
      );
      for (const [i, data] of blobs.entries()) {
        const blob = await store().get(`${base}/${i}.png`);
        expect(blob?.data.equals(data)).toBe(true);
        expect(blob?.cacheControl).toBe(`${i}`);
      }
    });

    const tearReason = options.serverTearsConcurrentPuts;
    if (tearReason)
      console.warn(`[blob contract: ${name}] skipping concurrent puts of one key: ${tearReason}`);
    it.skipIf(tearReason !== undefined)(
      'leaves one complete blob with its own metadata after concurrent puts of one key',
      async () => {
        const key = `${folder()}/race.png`;
        const size = 1_200_000;
        const writers = Array.from({ length: 8 }, (_, i) => i + 1);
        const reads: Promise<void>[] = [];
        // Each writer's bytes are all its own number, so any mix of two writers is visible.
        const puts = writers.map((n) =>
          store().put(key, Buffer.alloc(size + n, n), {
            contentType: 'image/png',
            cacheControl: `max-age=${n}`,
          }),
        );
        // Readers during the race see nothing yet or one whole blob, never a torn one.
        for (let i = 0; i < 8; i++) {
          reads.push(
            store()
              .get(key)
              .then((blob) => {
                if (blob) expectWhole(blob.data);
              }),
          );
        }
        await Promise.all([...puts, ...reads]);
        const blob = await store().get(key);
        const n = expectWhole(blob?.data ?? fail('no blob after the puts'));
        expect(blob?.cacheControl).toBe(`max-age=${n}`);

        function expectWhole(data: Buffer): number {
          const n = data[0] ?? 0;
          expect(writers).toContain(n);
          expect(data.length).toBe(size + n);
          expect(data.equals(Buffer.alloc(size + n, n))).toBe(true);
          return n;
        }
      },
    );

    it('gives the public URL the store promises', async () => {
      const key = `${folder()}/public.png`;
      expect(store().publicUrl(key)).toBe(options.publicUrl?.(key));
    });
  });
}

function fail(message: string): never {
  throw new Error(message);
}
