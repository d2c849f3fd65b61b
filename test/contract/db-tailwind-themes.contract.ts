// Contract cases for account Tailwind themes: one per account, replaced whole, removable, and
// invisible to every other account.
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './db.contract.ts';
import { newAccount } from './db-templates.contract.ts';

const brand = '@theme { --color-brand: #ff0066; }';
const calm = '@theme { --color-brand: #0f766e; --font-display: "Brand Sans", sans-serif; }';

export function tailwindThemeCases({ db }: ContractContext): void {
  describe('tailwind themes', () => {
    it('stores a theme, reads it back and replaces it whole', async () => {
      const account = await newAccount(db(), 'themes');
      expect(await db().tailwindThemes.get(account)).toBeUndefined();
      const first = await db().tailwindThemes.put(account, brand, 'a'.repeat(64));
      expect(first).toMatchObject({ accountId: account, css: brand, sha256: 'a'.repeat(64) });
      expect(first.updatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await db().tailwindThemes.get(account)).toEqual(first);

      const second = await db().tailwindThemes.put(account, calm, 'b'.repeat(64));
      expect(await db().tailwindThemes.get(account)).toEqual(second);
      expect(second.css).toBe(calm);
    });

    it('deletes once, and another account never sees or removes it', async () => {
      const owner = await newAccount(db(), 'themes-owner');
      const other = await newAccount(db(), 'themes-other');
      await db().tailwindThemes.put(owner, brand, 'c'.repeat(64));
      expect(await db().tailwindThemes.get(other)).toBeUndefined();
      expect(await db().tailwindThemes.delete(other)).toBe(false);
      expect(await db().tailwindThemes.get(owner)).toMatchObject({ css: brand });
      expect(await db().tailwindThemes.delete(owner)).toBe(true);
      expect(await db().tailwindThemes.delete(owner)).toBe(false);
      expect(await db().tailwindThemes.get(owner)).toBeUndefined();
    });

    it('keeps one whole theme when writers race', async () => {
      const account = await newAccount(db(), 'themes-race');
      const themes = Array.from({ length: 8 }, (_, i) => `@theme { --color-brand: #00000${i}; }`);
      await Promise.all(themes.map((css, i) => db().tailwindThemes.put(account, css, String(i).repeat(64))));
      const stored = await db().tailwindThemes.get(account);
      const index = themes.indexOf(stored!.css);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(stored!.sha256).toBe(String(index).repeat(64));
    });
  });
}
