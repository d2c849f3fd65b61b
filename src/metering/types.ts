// The shapes of plans and metering: what a plan allows, the windows that limit an account,
// and the Metering service routes call before and after a render.

/** Everything a plan can allow or withhold. Routes name one of these in requireFeature(). */
export const FEATURES = [
  'png',
  'jpeg',
  'webp',
  'avif',
  'pdf',
  'svg',
  'batch',
  'async',
  'signed_urls',
  'chromium',
  'ai',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface Plan {
  /** Renders per calendar month (UTC); null: no quota. */
  monthly_quota: number | null;
  /** Requests per minute; null: no rate limit. */
  per_minute: number | null;
  /** Whether renders spend credits from the account's balance. */
  credits: boolean;
  features: readonly Feature[] | 'all';
}

/** Plans by name, as loaded from PLACARD_PLANS (plus the built-in `standard` and `unlimited`). */
export type Plans = Readonly<Record<string, Plan>>;

/**
 * A limit as the X-RateLimit-* headers describe it: the per-minute rate limit or the monthly
 * quota. `limit` and `remaining` are null when the plan sets no such limit.
 */
export interface LimitWindow {
  limit: number | null;
  remaining: number | null;
  /** When the window starts over: epoch seconds. */
  resetAt: number;
}
export type RateWindow = LimitWindow;
export type QuotaWindow = LimitWindow;

/** GET /v1/usage: the account's plan and where it stands this month. */
export interface Usage {
  plan: string;
  /** The calendar month (UTC) counted: 'YYYY-MM'. */
  period: string;
  /** Renders charged this month; null when the plan meters nothing (no quota, no credits). */
  renders_this_month: number | null;
  monthly_quota: number | null;
  remaining_quota: number | null;
  credits: { metered: boolean; balance: number };
  rate_limit: { per_minute: number | null };
  features: Feature[];
}

export type ReservationState = 'open' | 'committed' | 'refunded';

/**
 * Units taken by reserve(). They are charged already; commit() makes that final, refund()
 * gives them back (a failed render, a cache hit). Both are idempotent and, once one has
 * finished, the other does nothing: a committed charge is never refunded.
 */
export interface Reservation {
  readonly accountId: string;
  readonly units: number;
  /** The month charged, so a refund after midnight on the 1st goes to the right month. */
  readonly period: string;
  readonly state: ReservationState;
  /** The monthly quota right after the charge (for OG Engine's X-RateLimit-* headers). */
  readonly quota: QuotaWindow;
  /**
   * Credits spent by this charge and the balance right after it (Audome's creditsUsed and
   * creditsRemaining); balance is null when the plan spends no credits (nothing was read).
   */
  readonly credits: { metered: boolean; used: number; balance: number | null };
  commit(): Promise<void>;
  refund(): Promise<void>;
}

export interface Metering {
  /** Counts one request against the per-minute limit; throws RATE_LIMITED (429) past it. */
  rateLimit(accountId: string): Promise<RateWindow>;
  /** Throws PLAN_REQUIRED (402) when the account's plan does not include `feature`. */
  requireFeature(accountId: string, feature: Feature): Promise<void>;
  /** Takes `units` from the monthly quota and, if metered, the credits; QUOTA_EXCEEDED / INSUFFICIENT_CREDITS. */
  reserve(accountId: string, units?: number): Promise<Reservation>;
  quota(accountId: string): Promise<QuotaWindow>;
  usage(accountId: string): Promise<Usage>;
  /** Admin: adds (or with a negative amount removes) credits; the balance stays >= 0. New balance. */
  addCredits(accountId: string, amount: number): Promise<number>;
  /** Admin: puts the account on `plan` (a configured plan name). */
  setPlan(accountId: string, plan: string): Promise<void>;
  readonly plans: Plans;
  readonly defaultPlan: string;
  close(): Promise<void>;
}
