// API keys. Only the SHA-256 hash of a key is stored and looked up; the key itself is shown
// once by whoever creates it and never reaches this layer.
import { sql } from 'kysely';
import { newId, now } from '../ids.ts';
import { toApiKey } from '../rows.ts';
import type { ApiKeysTable, Executor } from '../schema.ts';
import type { KeyRepository } from '../types.ts';

/** last_used_at is precise to this much: a key used on every request writes once per interval. */
export const KEY_TOUCH_INTERVAL_MS = 60_000;

export function keyRepository(ex: Executor): KeyRepository {
  return {
    async create({ accountId, name, role, hash, prefix }) {
      const row: ApiKeysTable = {
        id: newId('key'),
        account_id: accountId,
        name,
        prefix,
        hash,
        role,
        created_at: now(),
        last_used_at: null,
        revoked_at: null,
      };
      await ex.db().insertInto('api_keys').values(row).execute();
      return toApiKey(row);
    },

    // Every keyed request runs it, so it is one SQL text, not a query built anew each time.
    async findActiveByHash(hash) {
      const { rows } = await sql<ApiKeysTable>`select * from api_keys
        where hash = ${hash} and revoked_at is null`.execute(ex.db());
      return rows[0] && toApiKey(rows[0]);
    },

    async list(accountId) {
      const rows = await ex
        .db()
        .selectFrom('api_keys')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toApiKey);
    },

    async revoke(accountId, keyId) {
      const result = await ex
        .db()
        .updateTable('api_keys')
        .set({ revoked_at: now() })
        .where('id', '=', keyId)
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async touch(keyId) {
      // The guard makes a recent touch match no row, so busy keys cost a lookup, not a write.
      const stale = new Date(Date.now() - KEY_TOUCH_INTERVAL_MS).toISOString();
      await ex
        .db()
        .updateTable('api_keys')
        .set({ last_used_at: now() })
        .where('id', '=', keyId)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', stale)]))
        .execute();
    },

    async countActive() {
      const row = await ex
        .db()
        .selectFrom('api_keys')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('revoked_at', 'is', null)
        .executeTakeFirstOrThrow();
      // PostgreSQL returns count(*) as a bigint string, SQLite as a number.
      return Number(row.count);
    },
  };
}
