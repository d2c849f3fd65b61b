// Install-wide settings created once and shared by every node, such as generated secrets.
import { now } from '../ids.ts';
import type { Executor } from '../schema.ts';
import type { SettingRepository } from '../types.ts';

export function settingRepository(ex: Executor): SettingRepository {
  const get = async (name: string) =>
    (await ex.db().selectFrom('settings').select('value').where('name', '=', name).executeTakeFirst())?.value;
  return {
    get,
    async getOrCreate(name, value) {
      const existing = await get(name);
      if (existing !== undefined) return existing;
      // Two nodes may race here: the insert that loses does nothing and both read the winner.
      await ex
        .db()
        .insertInto('settings')
        .values({ name, value: value(), created_at: now() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      return (await get(name))!;
    },
  };
}
