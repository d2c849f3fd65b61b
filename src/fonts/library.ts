// Account fonts: upload (checked, within the quotas, stored as a blob plus a row), list, remove,
// and the font set a render of the account uses. Every render of an account needs its font list
// (the cache key depends on it), so the list is remembered for a moment per account: a change
// made on this node is seen at once, one made on another node within FONT_SET_CACHE_MS. The
// bytes are read from the blob store once per node, on first use, and kept in a bounded cache.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { PlacardError } from '../errors/placard-error.ts';
import type { BlobStore } from '../storage/blob/index.ts';
import { newId } from '../storage/db/ids.ts';
import type { Database, StoredFont } from '../storage/db/index.ts';
import { isGenericFamily, normalizeFamilyName } from './catalog.ts';
import { fontSet, type FontFace, type FontSet } from './font-set.ts';
import { parseFont, type FontFormat } from './parse.ts';
import { weightRange } from './variation.ts';

export interface FontLimits {
  /** Largest file (PLACARD_MAX_FONT_BYTES). */
  maxBytes: number;
  /** Files one account may keep (PLACARD_FONT_QUOTA). */
  quota: number;
  /** Bytes one account may keep (PLACARD_FONT_QUOTA_BYTES). */
  quotaBytes: number;
  /** Memory for font files on this node (PLACARD_FONT_CACHE_BYTES). */
  cacheBytes: number;
}

/** What an upload may say instead of the font's own name table. */
export interface FontOverrides {
  family?: string;
  weight?: number;
  style?: 'normal' | 'italic';
}

export interface FontLibrary {
  add(accountId: string, bytes: Buffer, overrides?: FontOverrides): Promise<StoredFont>;
  list(accountId: string): Promise<StoredFont[]>;
  remove(accountId: string, id: string): Promise<void>;
  /** The account's fonts for a render (no bytes read until a face is drawn). */
  fontSet(accountId: string): Promise<FontSet>;
}

export const FONT_SET_CACHE_MS = 2_000;

const CONTENT_TYPES: Record<FontFormat, string> = {
  ttf: 'font/ttf',
  otf: 'font/otf',
  woff: 'font/woff',
  woff2: 'font/woff2',
};

/** Family names: letters, digits, spaces and a little punctuation; nothing that ends a CSS string. */
const FAMILY = /^[\p{L}\p{N}][\p{L}\p{N} _.\-&+()]{0,99}$/u;

export function createFontLibrary(db: Database, blobs: BlobStore, limits: FontLimits): FontLibrary {
  // Keyed by font id (a font's bytes never change under its id); a pending read is shared.
  const files = new LRUCache<string, Promise<Buffer>>({
    maxSize: Math.max(1, limits.cacheBytes),
    sizeCalculation: () => 1, // replaced with the real size once the read settles
    max: 10_000,
  });

  const sets = new LRUCache<string, Promise<FontSet>>({ max: 10_000, ttl: FONT_SET_CACHE_MS });

  function load(font: StoredFont): Promise<Buffer> {
    let pending = files.get(font.id);
    if (!pending) {
      pending = blobs.get(font.blobKey).then((blob) => {
        if (!blob)
          throw new PlacardError('RENDER_FAILED', `The file of font ${font.id} is missing from storage.`);
        return blob.data;
      });
      const mine = pending;
      files.set(font.id, mine);
      mine.then(
        (data) => {
          if (files.peek(font.id) === mine) files.set(font.id, mine, { size: Math.max(1, data.length) });
        },
        () => {
          if (files.peek(font.id) === mine) files.delete(font.id);
        },
      );
    }
    return pending;
  }

  function checkQuota(usage: { count: number; bytes: number }, adding: number): void {
    if (usage.count + 1 > limits.quota || usage.bytes + adding > limits.quotaBytes) {
      throw new PlacardError(
        'FONT_QUOTA_EXCEEDED',
        `The account keeps ${usage.count} fonts (${usage.bytes} bytes); one more of ${adding} bytes would pass the quota of ${limits.quota} fonts and ${limits.quotaBytes} bytes. Delete a font first (DELETE /v1/fonts/:id).`,
        {
          details: {
            fonts: usage.count,
            bytes: usage.bytes,
            quota: limits.quota,
            quota_bytes: limits.quotaBytes,
            received_bytes: adding,
          },
        },
      );
    }
  }

  return {
    async add(accountId, bytes, overrides = {}) {
      if (bytes.length > limits.maxBytes) {
        throw new PlacardError(
          'FONT_TOO_LARGE',
          `The font file is ${bytes.length} bytes; at most ${limits.maxBytes} bytes are allowed (PLACARD_MAX_FONT_BYTES).`,
          { details: { allowed: limits.maxBytes, received: bytes.length } },
        );
      }
      checkQuota(await db.fonts.usage(accountId), bytes.length);
      const parsed = await parseFont(bytes);
      const family = checkFamily(overrides.family ?? parsed.family, overrides.family !== undefined);
      const weight = overrides.weight ?? parsed.weight;
      const style = overrides.style ?? parsed.style;
      const id = newId('fnt');
      const blobKey = `fonts/${accountId}/${id}.${parsed.format}`;
      await blobs.put(blobKey, bytes, { contentType: CONTENT_TYPES[parsed.format] });
      try {
        sets.delete(accountId);
        return await db.transaction(async (tx) => {
          // Again inside the transaction: a concurrent upload may have used the room meanwhile.
          checkQuota(await tx.fonts.usage(accountId), bytes.length);
          const key = normalizeFamilyName(family);
          const twin = (await tx.fonts.list(accountId)).find(
            (font) =>
              normalizeFamilyName(font.family) === key && font.weight === weight && font.style === style,
          );
          if (twin) {
            throw new PlacardError(
              'FONT_EXISTS',
              `The account already has ${JSON.stringify(twin.family)} ${weight} ${style} (font ${twin.id}); delete it first or send another family, weight or style.`,
              { details: { existing: twin.id, family: twin.family, weight, style } },
            );
          }
          return tx.fonts.create({
            id,
            accountId,
            family,
            weight,
            weightRange: weightRange(bytes) ?? null,
            style,
            format: parsed.format,
            bytes: bytes.length,
            blobKey,
            scripts: parsed.scripts,
            sha256: createHash('sha256').update(bytes).digest('hex'),
          });
        });
      } catch (error) {
        // Nothing stored on failure: the row was not written, so the blob goes too.
        await blobs.delete(blobKey).catch(() => undefined);
        throw error;
      }
    },

    list: (accountId) => db.fonts.list(accountId),

    async remove(accountId, id) {
      const removed = await db.fonts.delete(accountId, id);
      if (!removed) {
        throw new PlacardError('FONT_NOT_FOUND', `No font ${JSON.stringify(id)} in this account.`, {
          details: { id },
        });
      }
      files.delete(id);
      sets.delete(accountId);
      await blobs.delete(removed.blobKey);
    },

    fontSet(accountId) {
      let pending = sets.get(accountId);
      if (!pending) {
        pending = readSet(accountId);
        sets.set(accountId, pending);
        const mine = pending;
        mine.catch(() => {
          if (sets.peek(accountId) === mine) sets.delete(accountId);
        });
      }
      return pending;
    },
  };

  async function readSet(accountId: string): Promise<FontSet> {
    const fonts = await db.fonts.list(accountId);
    return fontSet(
      fonts.map((font): FontFace => ({
        id: font.id,
        family: font.family,
        weight: font.weight,
        style: font.style,
        load: () => load(font),
      })),
    );
  }
}

function checkFamily(family: string, given: boolean): string {
  const name = family.trim().replace(/\s+/g, ' ');
  const where = given ? 'family' : 'the font\'s own family name (send "family" to choose one)';
  if (!FAMILY.test(name)) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `${where} must be 1-100 letters, digits, spaces and _ . - & + ( ), starting with a letter or digit; received ${JSON.stringify(family.slice(0, 120))}.`,
      { details: { field: 'family', received: family.slice(0, 120) } },
    );
  }
  if (isGenericFamily(name)) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `${where} must not be a CSS generic or keyword family (serif, sans-serif, monospace...); received ${JSON.stringify(name)}.`,
      { details: { field: 'family', received: name } },
    );
  }
  return name;
}
