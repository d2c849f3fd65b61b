// Contract cases for account fonts: stored facts round-trip, lists and usage are per account,
// and another account's font is exactly as absent as one that never existed.
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/storage/db/ids.ts';
import type { StoredFont } from '../../src/storage/db/index.ts';
import type { ContractContext } from './db.contract.ts';
import { newAccount } from './db-templates.contract.ts';

function sampleFont(accountId: string, overrides: Partial<StoredFont> = {}): Omit<StoredFont, 'createdAt'> {
  const id = newId('fnt');
  return {
    id,
    accountId,
    family: 'Brand Sans',
    weight: 700,
    weightRange: null,
    style: 'italic',
    format: 'woff2',
    bytes: 12_345,
    blobKey: `fonts/${accountId}/${id}.woff2`,
    scripts: ['Latin', 'Cyrillic'],
    sha256: 'a'.repeat(64),
    ...overrides,
  };
}

export function fontCases({ db }: ContractContext): void {
  describe('fonts', () => {
    it('stores a font and reads back every field', async () => {
      const account = await newAccount(db(), 'fonts');
      const input = sampleFont(account);
      const created = await db().fonts.create(input);
      expect(created).toMatchObject(input);
      expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await db().fonts.get(account, input.id)).toEqual(created);
    });

    it("keeps a variable font's weight range, and none for a static one", async () => {
      const account = await newAccount(db(), 'fonts');
      const variable = await db().fonts.create(
        sampleFont(account, { weight: 400, weightRange: { min: 100, max: 900 } }),
      );
      expect((await db().fonts.get(account, variable.id))?.weightRange).toEqual({ min: 100, max: 900 });
      const fixed = await db().fonts.create(sampleFont(account, { family: 'Static' }));
      expect((await db().fonts.get(account, fixed.id))?.weightRange).toBeNull();
    });

    it('lists in upload order and sums usage per account', async () => {
      const account = await newAccount(db(), 'fonts');
      const first = await db().fonts.create(sampleFont(account, { bytes: 100 }));
      await new Promise((resolve) => setTimeout(resolve, 3)); // distinct created_at
      const second = await db().fonts.create(
        sampleFont(account, { bytes: 250, weight: 400, style: 'normal' }),
      );
      expect((await db().fonts.list(account)).map((f) => f.id)).toEqual([first.id, second.id]);
      expect(await db().fonts.usage(account)).toEqual({ count: 2, bytes: 350 });
      expect(await db().fonts.usage(await newAccount(db(), 'empty'))).toEqual({ count: 0, bytes: 0 });
    });

    it('deletes once, returning what it removed', async () => {
      const account = await newAccount(db(), 'fonts');
      const font = await db().fonts.create(sampleFont(account));
      expect((await db().fonts.delete(account, font.id))?.blobKey).toBe(font.blobKey);
      expect(await db().fonts.delete(account, font.id)).toBeUndefined();
      expect(await db().fonts.get(account, font.id)).toBeUndefined();
      expect(await db().fonts.list(account)).toEqual([]);
    });

    it('answers account B for A’s font exactly as for a missing one, changing nothing', async () => {
      const a = await newAccount(db(), 'A');
      const b = await newAccount(db(), 'B');
      const font = await db().fonts.create(sampleFont(a));
      expect(await db().fonts.get(b, font.id)).toBeUndefined();
      expect(await db().fonts.delete(b, font.id)).toBeUndefined();
      expect(await db().fonts.list(b)).toEqual([]);
      expect(await db().fonts.usage(b)).toEqual({ count: 0, bytes: 0 });
      expect(await db().fonts.get(a, font.id)).toEqual(font);
    });
  });
}
