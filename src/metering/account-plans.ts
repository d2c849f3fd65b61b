// Which plan an account is on. Every metered request asks (rate limit, feature, reserve), so
// the answer is remembered for a few seconds per account; a plan change made on this node is
// seen at once, one made on another node within that time. Only the plan name is remembered:
// credits and usage are always read inside the transaction that changes them.
import { LRUCache } from 'lru-cache';
import { PlacardError } from '../errors/placard-error.ts';
import type { Database } from '../storage/db/index.ts';
import type { Plan, Plans } from './types.ts';

export const PLAN_CACHE_MS = 5_000;
const PLAN_CACHE_MAX = 10_000;

export interface AccountPlan {
  name: string;
  plan: Plan;
}

export interface AccountPlans {
  get(accountId: string): Promise<AccountPlan>;
  /** The plan for a stored name: a name no longer configured falls back to the default plan. */
  resolve(stored: string | null): AccountPlan;
  forget(accountId: string): void;
}

export function notFound(accountId: string): PlacardError {
  return new PlacardError('NOT_FOUND', `No account ${JSON.stringify(accountId)}.`);
}

export function createAccountPlans(options: {
  db: Database;
  plans: Plans;
  defaultPlan: string;
  cacheMs?: number;
}): AccountPlans {
  const { db, plans, defaultPlan } = options;
  const cacheMs = options.cacheMs ?? PLAN_CACHE_MS;
  // A pending read is cached too, so a burst for one account makes one query.
  const cache =
    cacheMs > 0
      ? new LRUCache<string, Promise<string | null>>({ max: PLAN_CACHE_MAX, ttl: cacheMs })
      : undefined;

  const configured = plans[defaultPlan];
  if (!configured) throw new Error(`The default plan ${JSON.stringify(defaultPlan)} is not in the plans`);
  const fallback: Plan = configured;

  function resolve(stored: string | null): AccountPlan {
    // Removing a plan from PLACARD_PLANS must not lock its accounts out: they get the default.
    const plan = stored !== null && Object.hasOwn(plans, stored) ? plans[stored] : undefined;
    return plan && stored !== null ? { name: stored, plan } : { name: defaultPlan, plan: fallback };
  }

  async function read(accountId: string): Promise<string | null> {
    const row = await db.metering.get(accountId);
    if (!row) throw notFound(accountId);
    return row.plan;
  }

  return {
    resolve,
    async get(accountId) {
      let pending = cache?.get(accountId);
      if (!pending) {
        pending = read(accountId);
        cache?.set(accountId, pending);
        const mine = pending;
        mine.catch(() => {
          if (cache?.peek(accountId) === mine) cache.delete(accountId);
        });
      }
      return resolve(await pending);
    },
    forget: (accountId) => void cache?.delete(accountId),
  };
}
