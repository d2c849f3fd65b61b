// Plans, credits, monthly quotas and per-minute rate limits.
export { createMetering, RATE_WINDOW_MS, RESERVE_UNITS_MAX, type MeteringOptions } from './metering.ts';
export {
  loadPlans,
  parsePlans,
  planFeatures,
  STANDARD_PLAN,
  STANDARD_PLAN_NAME,
  UNLIMITED_PLAN,
  UNLIMITED_PLAN_NAME,
} from './plans.ts';
export { rateLimitHeaders, type RateLimitHeaderOptions } from './headers.ts';
export * from './types.ts';
