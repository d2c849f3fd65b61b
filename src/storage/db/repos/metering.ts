// Plans, credits and monthly usage counters (src/metering). Exact under concurrency, in one
// process or many, on both backends, without locks of our own: each limit sits in the WHERE of
// the UPDATE that moves the counter, and "no row updated" means the limit held.
//
// - PostgreSQL (READ COMMITTED): a second UPDATE of the same row waits for the first
//   transaction to end, then evaluates its WHERE again on the committed row, so 50 racing
//   takes of the last 10 credits give exactly 10 winners. The month row is upserted first
//   (INSERT ... ON CONFLICT DO NOTHING), so there is always a row to lock. take() locks the
//   usage row before the account row, and giveBack() does the same: no lock-order deadlock.
// - SQLite: every transaction begins IMMEDIATE (sqlite.ts), so takes run one after another.
//
// A take that passes the quota but finds too few credits undoes its increment in the same
// transaction instead of throwing: that stays correct when the caller's transaction is the one
// atomic() joined, where a throw caught here would leave the increment behind.
import { sql } from 'kysely';
import type { Db, Executor } from '../schema.ts';
import type { AccountMeteringColumns } from '../schema.ts';
import { CREDIT_BALANCE_MAX, type MeteringCharge, type MeteringRepository } from '../types.ts';

/** The handle widened with the metering columns of `accounts` (see AccountMeteringColumns). */
const withPlan = (db: Db) => db.withTables<{ accounts: AccountMeteringColumns }>();

async function usedIn(db: Db, accountId: string, period: string): Promise<number> {
  const row = await db
    .selectFrom('account_usage')
    .select('used')
    .where('account_id', '=', accountId)
    .where('period', '=', period)
    .executeTakeFirst();
  return row?.used ?? 0;
}

async function balanceOf(db: Db, accountId: string): Promise<number | undefined> {
  const row = await withPlan(db)
    .selectFrom('accounts')
    .select('credits')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.credits;
}

/** Moves the month's counter by `delta`; only while `used + delta` stays within 0..quota. */
async function moveUsage(db: Db, charge: MeteringCharge, delta: number, quota: number | null) {
  let update = db
    .updateTable('account_usage')
    .set((eb) => ({ used: eb('used', '+', delta) }))
    .where('account_id', '=', charge.accountId)
    .where('period', '=', charge.period)
    .where((eb) => eb(eb('used', '+', delta), '>=', 0));
  if (quota !== null) update = update.where((eb) => eb(eb('used', '+', delta), '<=', quota));
  return (await update.returning('used').executeTakeFirst())?.used;
}

/** Moves the balance by `delta`; only while it stays within 0..CREDIT_BALANCE_MAX. */
async function moveCredits(db: Db, accountId: string, delta: number) {
  const row = await withPlan(db)
    .updateTable('accounts')
    .set((eb) => ({ credits: eb('credits', '+', delta) }))
    .where('id', '=', accountId)
    .where((eb) => eb(eb('credits', '+', delta), '>=', 0))
    .where((eb) => eb(eb('credits', '+', delta), '<=', CREDIT_BALANCE_MAX))
    .returning('credits')
    .executeTakeFirst();
  return row?.credits;
}

export function meteringRepository(ex: Executor): MeteringRepository {
  return {
    async get(accountId) {
      const row = await withPlan(ex.db())
        .selectFrom('accounts')
        .select(['plan', 'credits'])
        .where('id', '=', accountId)
        .executeTakeFirst();
      return row && { plan: row.plan, credits: row.credits };
    },

    used: (accountId, period) => usedIn(ex.db(), accountId, period),

    take: (charge) =>
      ex.atomic(async (trx) => {
        const before = await balanceOf(trx, charge.accountId);
        if (before === undefined) return { ok: false, reason: 'account' } as const;
        await trx
          .insertInto('account_usage')
          .values({ account_id: charge.accountId, period: charge.period, used: 0 })
          .onConflict((oc) => oc.columns(['account_id', 'period']).doNothing())
          .execute();
        const used = await moveUsage(trx, charge, charge.units, charge.quota);
        if (used === undefined) {
          const current = await usedIn(trx, charge.accountId, charge.period);
          return { ok: false, reason: 'quota', used: current, balance: before } as const;
        }
        if (!charge.credits) return { ok: true, used, balance: before } as const;
        const balance = await moveCredits(trx, charge.accountId, -charge.units);
        if (balance === undefined) {
          const undone = (await moveUsage(trx, charge, -charge.units, null)) ?? used;
          const current = (await balanceOf(trx, charge.accountId)) ?? 0;
          return { ok: false, reason: 'credits', used: undone, balance: current } as const;
        }
        return { ok: true, used, balance } as const;
      }),

    giveBack: (charge) =>
      ex.atomic(async (trx) => {
        await moveUsage(trx, charge, -charge.units, null);
        if (charge.credits) await moveCredits(trx, charge.accountId, charge.units);
      }),

    async addCredits(accountId, amount) {
      // Clamped in SQL, not read-then-write, so concurrent corrections never lose one another.
      const row = await withPlan(ex.db())
        .updateTable('accounts')
        .set({
          credits: sql<number>`case
            when credits + ${amount} < 0 then 0
            when credits + ${amount} > ${CREDIT_BALANCE_MAX} then ${CREDIT_BALANCE_MAX}
            else credits + ${amount} end`,
        })
        .where('id', '=', accountId)
        .returning('credits')
        .executeTakeFirst();
      return row?.credits;
    },

    async setPlan(accountId, plan) {
      const result = await withPlan(ex.db())
        .updateTable('accounts')
        .set({ plan })
        .where('id', '=', accountId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
