// The four metering errors. Each message says what the limit is, what was used, and when it
// resets or which plan has the feature; `details` repeats the numbers for programs.
import { PlacardError } from '../errors/placard-error.ts';
import { rateLimitHeaders } from './headers.ts';
import { secondsUntil } from './periods.ts';
import type { Feature, Plans } from './types.ts';

const isoAt = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString();
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function rateLimited(input: {
  plan: string;
  limit: number;
  count: number;
  /** Epoch ms: Retry-After rounds up once from here, so it never exceeds the window. */
  resetAtMs: number;
  now: Date;
}): PlacardError {
  const retryAfter = secondsUntil(input.resetAtMs, input.now);
  const resetAt = Math.ceil(input.resetAtMs / 1000);
  return new PlacardError(
    'RATE_LIMITED',
    `Rate limit reached: plan ${JSON.stringify(input.plan)} allows ${plural(input.limit, 'request')} per minute ` +
      `and this is request ${input.count} of the current minute; it resets in ${plural(retryAfter, 'second')} ` +
      `(${isoAt(resetAt)}).`,
    {
      details: { plan: input.plan, limit: input.limit, used: input.count, reset_at: resetAt },
      headers: {
        ...rateLimitHeaders({ limit: input.limit, remaining: 0, resetAt }),
        'Retry-After': String(retryAfter),
      },
    },
  );
}

export function quotaExceeded(input: {
  plan: string;
  quota: number;
  used: number;
  units: number;
  period: string;
  resetAt: number;
  now: Date;
}): PlacardError {
  const retryAfter = secondsUntil(input.resetAt * 1000, input.now);
  const remaining = Math.max(0, input.quota - input.used);
  return new PlacardError(
    'QUOTA_EXCEEDED',
    `Monthly quota reached: plan ${JSON.stringify(input.plan)} allows ${plural(input.quota, 'render')} a month, ` +
      `${input.used} used in ${input.period} and ${input.units} more asked for; it resets at ` +
      `${isoAt(input.resetAt)} (in ${plural(retryAfter, 'second')}).`,
    {
      details: {
        plan: input.plan,
        limit: input.quota,
        used: input.used,
        requested: input.units,
        period: input.period,
        reset_at: input.resetAt,
      },
      headers: {
        ...rateLimitHeaders({ limit: input.quota, remaining, resetAt: input.resetAt }),
        'Retry-After': String(retryAfter),
      },
    },
  );
}

export function insufficientCredits(input: { plan: string; units: number; balance: number }): PlacardError {
  return new PlacardError(
    'INSUFFICIENT_CREDITS',
    `Not enough credits: plan ${JSON.stringify(input.plan)} spends 1 credit per render, this needs ` +
      `${plural(input.units, 'credit')} and the balance is ${input.balance}. An install admin can add credits ` +
      '(POST /v1/accounts/:id/credits).',
    { details: { plan: input.plan, required: input.units, balance: input.balance } },
  );
}

export function planRequired(input: { feature: Feature; plan: string; plans: Plans }): PlacardError {
  const withIt = Object.entries(input.plans)
    .filter(([, p]) => p.features === 'all' || p.features.includes(input.feature))
    .map(([name]) => name);
  const hint =
    withIt.length > 0 ? `plans that include it: ${withIt.join(', ')}` : 'no configured plan includes it';
  return new PlacardError(
    'PLAN_REQUIRED',
    `Feature ${JSON.stringify(input.feature)} is not in plan ${JSON.stringify(input.plan)}; ${hint}.`,
    { details: { feature: input.feature, plan: input.plan, plans_with_feature: withIt } },
  );
}
