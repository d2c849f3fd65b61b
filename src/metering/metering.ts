// createMetering: plans, per-minute rate limits, monthly quotas and credits for one install.
// Quotas and credits are counted in the database (exact across nodes, see
// storage/db/repos/metering.ts); the per-minute limit in Redis when a URL is given, in memory
// otherwise. A plan with no quota and no credits never touches the database on reserve(), so
// the default `standard` plan (a per-minute limit only) costs a render nothing there.
import type { RedisErrorHandler } from '../redis/connection.ts';
import { ConfigError } from '../config.ts';
import { PlacardError } from '../errors/placard-error.ts';
import { CREDIT_BALANCE_MAX, type Database } from '../storage/db/index.ts';
import { createAccountPlans, notFound } from './account-plans.ts';
import { insufficientCredits, planRequired, quotaExceeded, rateLimited } from './errors.ts';
import { nextPeriodStart, periodOf } from './periods.ts';
import { checkDefaultPlan, isMetered, planFeatures } from './plans.ts';
import { createMemoryRateCounter, type RateCounter } from './rate-counter.ts';
import { createRedisRateCounter } from './redis-rate-counter.ts';
import { createReservation } from './reservation.ts';
import type { Metering, Plans } from './types.ts';

/** The per-minute limit's window: fixed, starting at an account's first request in it. */
export const RATE_WINDOW_MS = 60_000;
/** Most units one reserve() may take (a whole batch is one call). */
export const RESERVE_UNITS_MAX = 100_000;

export interface MeteringOptions {
  db: Database;
  plans: Plans;
  defaultPlan: string;
  /** Shares the per-minute counters across nodes; without it each node counts in memory. */
  redisUrl?: string;
  /** Before every Redis key (default `placard:rate:`). */
  redisPrefix?: string;
  /** Told once per incident when Redis fails at run time (counting goes on in memory). */
  onError?: RedisErrorHandler;
  /** The clock: months, windows and Retry-After follow it (tests pass a fake one). */
  now?: () => Date;
  /** How long an account's plan name is remembered on this node, in ms (0: read every time). */
  planCacheMs?: number;
}

const epochSeconds = (date: Date) => Math.ceil(date.getTime() / 1000);

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `${name} must be an integer in ${min}..${max}; received ${value}`,
    );
  }
}

export async function createMetering(options: MeteringOptions): Promise<Metering> {
  const { db, plans, defaultPlan } = options;
  const problems: string[] = [];
  checkDefaultPlan(plans, defaultPlan, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const now = options.now ?? (() => new Date());
  const accounts = createAccountPlans({ db, plans, defaultPlan, cacheMs: options.planCacheMs });
  const counter: RateCounter = options.redisUrl
    ? await createRedisRateCounter({
        url: options.redisUrl,
        prefix: options.redisPrefix,
        onError: options.onError,
        now,
      })
    : createMemoryRateCounter(now);

  async function balanceOf(accountId: string): Promise<number> {
    const row = await db.metering.get(accountId);
    if (!row) throw notFound(accountId);
    return row.credits;
  }

  return {
    plans,
    defaultPlan,

    async rateLimit(accountId) {
      const { name, plan } = await accounts.get(accountId);
      const limit = plan.per_minute;
      if (limit === null) {
        return {
          limit: null,
          remaining: null,
          resetAt: epochSeconds(new Date(now().getTime() + RATE_WINDOW_MS)),
        };
      }
      const hit = await counter.hit(accountId, RATE_WINDOW_MS);
      if (hit.count > limit) {
        throw rateLimited({ plan: name, limit, count: hit.count, resetAtMs: hit.resetAtMs, now: now() });
      }
      return { limit, remaining: limit - hit.count, resetAt: Math.ceil(hit.resetAtMs / 1000) };
    },

    async requireFeature(accountId, feature) {
      const { name, plan } = await accounts.get(accountId);
      if (plan.features !== 'all' && !plan.features.includes(feature)) {
        throw planRequired({ feature, plan: name, plans });
      }
    },

    async reserve(accountId, units = 1) {
      checkInteger('units', units, 1, RESERVE_UNITS_MAX);
      const { name, plan } = await accounts.get(accountId);
      const at = now();
      const period = periodOf(at);
      const resetAt = epochSeconds(nextPeriodStart(at));
      const giveBack = db.metering.giveBack;
      if (!isMetered(plan)) {
        const quota = { limit: null, remaining: null, resetAt };
        const credits = { metered: false, used: 0, balance: null };
        return createReservation({ accountId, units, period, quota, credits, charge: undefined, giveBack });
      }
      const charge = { accountId, period, units, credits: plan.credits };
      const taken = await db.metering.take({ ...charge, quota: plan.monthly_quota });
      if (!taken.ok && taken.reason === 'account') throw notFound(accountId);
      if (!taken.ok && taken.reason === 'quota') {
        const quota = plan.monthly_quota ?? 0;
        throw quotaExceeded({ plan: name, quota, used: taken.used, units, period, resetAt, now: at });
      }
      if (!taken.ok) throw insufficientCredits({ plan: name, units, balance: taken.balance });
      const limit = plan.monthly_quota;
      const quota = { limit, remaining: limit === null ? null : Math.max(0, limit - taken.used), resetAt };
      const credits = plan.credits
        ? { metered: true, used: units, balance: taken.balance }
        : { metered: false, used: 0, balance: null };
      return createReservation({ accountId, units, period, quota, credits, charge, giveBack });
    },

    async quota(accountId) {
      const { plan } = await accounts.get(accountId);
      const at = now();
      const resetAt = epochSeconds(nextPeriodStart(at));
      const limit = plan.monthly_quota;
      if (limit === null) return { limit: null, remaining: null, resetAt };
      const used = await db.metering.used(accountId, periodOf(at));
      return { limit, remaining: Math.max(0, limit - used), resetAt };
    },

    async usage(accountId) {
      // Read fresh, not through the plan cache: an admin checking a change must see it.
      const row = await db.metering.get(accountId);
      if (!row) throw notFound(accountId);
      const { name, plan } = accounts.resolve(row.plan);
      const period = periodOf(now());
      const used = isMetered(plan) ? await db.metering.used(accountId, period) : null;
      const limit = plan.monthly_quota;
      return {
        plan: name,
        period,
        renders_this_month: used,
        monthly_quota: limit,
        remaining_quota: limit === null ? null : Math.max(0, limit - (used ?? 0)),
        credits: { metered: plan.credits, balance: row.credits },
        rate_limit: { per_minute: plan.per_minute },
        features: planFeatures(plan),
      };
    },

    async addCredits(accountId, amount) {
      checkInteger('amount', amount, -CREDIT_BALANCE_MAX, CREDIT_BALANCE_MAX);
      const balance =
        amount === 0 ? await balanceOf(accountId) : await db.metering.addCredits(accountId, amount);
      if (balance === undefined) throw notFound(accountId);
      return balance;
    },

    async setPlan(accountId, plan) {
      if (!Object.hasOwn(plans, plan)) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          `Unknown plan ${JSON.stringify(plan)}; plans: ${Object.keys(plans).join(', ')}.`,
          { details: { allowed: Object.keys(plans), received: plan } },
        );
      }
      if (!(await db.metering.setPlan(accountId, plan))) throw notFound(accountId);
      accounts.forget(accountId);
    },

    close: () => counter.close(),
  };
}
