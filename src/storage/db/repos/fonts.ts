// Account fonts: the facts about each uploaded file (the bytes are in the blob store).
import { sql } from 'kysely';
import { now } from '../ids.ts';
import type { Executor, FontsTable } from '../schema.ts';
import type { FontRepository, StoredFont } from '../types.ts';

const toFont = (row: FontsTable): StoredFont => ({
  id: row.id,
  accountId: row.account_id,
  family: row.family,
  weight: row.weight,
  weightRange:
    row.weight_min === null || row.weight_max === null ? null : { min: row.weight_min, max: row.weight_max },
  style: row.style,
  format: row.format,
  bytes: row.bytes,
  blobKey: row.blob_key,
  // Only this module writes the column, always with JSON.stringify.
  scripts: JSON.parse(row.scripts) as string[],
  sha256: row.sha256,
  createdAt: row.created_at,
});

export function fontRepository(ex: Executor): FontRepository {
  const find = (accountId: string, id: string) =>
    ex
      .db()
      .selectFrom('fonts')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();

  return {
    async create(input) {
      const row: FontsTable = {
        id: input.id,
        account_id: input.accountId,
        family: input.family,
        weight: input.weight,
        weight_min: input.weightRange?.min ?? null,
        weight_max: input.weightRange?.max ?? null,
        style: input.style,
        format: input.format,
        bytes: input.bytes,
        blob_key: input.blobKey,
        scripts: JSON.stringify(input.scripts),
        sha256: input.sha256,
        created_at: now(),
      };
      await ex.db().insertInto('fonts').values(row).execute();
      return toFont(row);
    },

    async list(accountId) {
      const rows = await ex
        .db()
        .selectFrom('fonts')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toFont);
    },

    async get(accountId, id) {
      const row = await find(accountId, id);
      return row && toFont(row);
    },

    async delete(accountId, id) {
      return ex.atomic(async (trx) => {
        const row = await trx
          .selectFrom('fonts')
          .selectAll()
          .where('id', '=', id)
          .where('account_id', '=', accountId)
          .executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('fonts').where('id', '=', id).where('account_id', '=', accountId).execute();
        return toFont(row);
      });
    },

    async usage(accountId) {
      const row = await ex
        .db()
        .selectFrom('fonts')
        .select([
          sql<string | number>`count(*)`.as('count'),
          sql<string | number | null>`sum(bytes)`.as('bytes'),
        ])
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      // PostgreSQL answers count and sum as strings (bigint / numeric).
      return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
    },
  };
}
