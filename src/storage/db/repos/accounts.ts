// Accounts: the owner of keys and templates. Created by the first start and by admins.
import { newId, now } from '../ids.ts';
import { toAccount } from '../rows.ts';
import type { Executor } from '../schema.ts';
import type { AccountRepository } from '../types.ts';

export function accountRepository(ex: Executor): AccountRepository {
  return {
    async create({ name, id }) {
      const row = { id: id ?? newId('acc'), name, created_at: now() };
      await ex.db().insertInto('accounts').values(row).execute();
      return toAccount(row);
    },

    async get(id) {
      const row = await ex.db().selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAccount(row);
    },
  };
}
