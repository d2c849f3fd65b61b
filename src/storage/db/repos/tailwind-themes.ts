// An account's Tailwind theme: one row per account, replaced whole on every write.
import { now } from '../ids.ts';
import type { Executor, TailwindThemesTable } from '../schema.ts';
import type { StoredTailwindTheme, TailwindThemeRepository } from '../types.ts';

const toTheme = (row: TailwindThemesTable): StoredTailwindTheme => ({
  accountId: row.account_id,
  css: row.css,
  sha256: row.sha256,
  updatedAt: row.updated_at,
});

export function tailwindThemeRepository(ex: Executor): TailwindThemeRepository {
  return {
    async get(accountId) {
      const row = await ex
        .db()
        .selectFrom('tailwind_themes')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row && toTheme(row);
    },

    async put(accountId, css, sha256) {
      const row: TailwindThemesTable = { account_id: accountId, css, sha256, updated_at: now() };
      // One statement, so two writers racing leave one whole theme, never a mix.
      await ex
        .db()
        .insertInto('tailwind_themes')
        .values(row)
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ css, sha256, updated_at: row.updated_at }))
        .execute();
      return toTheme(row);
    },

    async delete(accountId) {
      const result = await ex
        .db()
        .deleteFrom('tailwind_themes')
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
