// Admission of a metered request: rate limit, plan features, then a reservation of render
// units (quota and credits) that is committed when a render is drawn and refunded when it
// fails or comes from the cache. Every route that renders — native or dialect — goes through
// admit() and settles the ticket, so plans behave the same on every surface.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitHeaders, type Feature, type LimitWindow, type Metering } from '../metering/index.ts';

export type { Feature };

export type Outcome = 'drawn' | 'cached' | 'failed';

export interface Ticket {
  /**
   * Headers for the reply. The per-minute X-RateLimit-* are set on every authenticated
   * request by the auth hook; these are extra (none today for the native API).
   */
  readonly headers: Record<string, string>;
  /** X-RateLimit-* of the monthly quota after this charge (OG Engine's meaning of them). */
  readonly quotaHeaders: Record<string, string>;
  /** The monthly quota after this charge (limit null: unlimited). */
  readonly quota?: LimitWindow;
  /** Keeps the charge for a drawn render; refunds it for a cache hit or a failure. Idempotent. */
  settle(outcome: Outcome): Promise<void>;
  /**
   * What the render cost in credits, one per drawn render (a cache hit or a failure: none),
   * also on a plan that does not meter credits; and what is left (null: the plan does not
   * meter credits, so nothing was taken from a balance).
   */
  credits(): Promise<{ used: number; remaining: number | null }>;
}

export interface Admission {
  /** Throws PLAN_REQUIRED, QUOTA_EXCEEDED or INSUFFICIENT_CREDITS. */
  admit(request: FastifyRequest, features: readonly Feature[], units?: number): Promise<Ticket>;
  /** Only the plan's features (PLAN_REQUIRED): for work charged later, such as an async job. */
  requireFeatures(request: FastifyRequest, features: readonly Feature[]): Promise<void>;
}

/** Runs `work` under a ticket: settles it by outcome and puts its headers on the reply. */
export async function admitted<T>(
  admission: Admission,
  request: FastifyRequest,
  reply: FastifyReply,
  features: readonly Feature[],
  work: (ticket: Ticket) => Promise<{ value: T; outcome: Outcome }>,
  units = 1,
): Promise<T> {
  const ticket = await admission.admit(request, features, units);
  reply.headers(ticket.headers);
  try {
    const { value, outcome } = await work(ticket);
    await ticket.settle(outcome);
    return value;
  } catch (error) {
    await ticket.settle('failed');
    throw error;
  }
}

/**
 * admitted() for a render that may come from the cache: the plan's features are checked first,
 * but units are reserved only when the image must be drawn, by `charge` (the pipeline's
 * beforeDraw hook). A cache hit costs nothing and writes nothing (a metered plan took and gave
 * back a reservation on every hit: two writes, 5x the CPU of a hit), so it is served also when
 * the quota or the credits are used up.
 */
export async function admittedOnDraw<T>(
  admission: Admission,
  request: FastifyRequest,
  reply: FastifyReply,
  features: readonly Feature[],
  work: (charge: () => Promise<void>) => Promise<{ value: T; outcome: Outcome }>,
): Promise<T> {
  await admission.requireFeatures(request, features);
  let ticket: Ticket | undefined;
  const charge = async () => {
    ticket ??= await admission.admit(request, features);
    reply.headers(ticket.headers);
  };
  try {
    const { value, outcome } = await work(charge);
    await ticket?.settle(outcome);
    return value;
  } catch (error) {
    await ticket?.settle('failed');
    throw error;
  }
}

/** Epoch seconds of the next calendar month (UTC), when monthly quotas reset. */
function nextMonth(now = new Date()): number {
  return Math.floor(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000);
}

/** Nothing metered: a server without a database (no accounts, so no plans). */
export const unmetered: Admission = {
  async requireFeatures() {},
  async admit(_request, _features, units = 1) {
    let settled: Outcome | undefined;
    return {
      headers: {},
      quotaHeaders: {},
      quota: { limit: null, remaining: null, resetAt: nextMonth() },
      settle: async (outcome) => void (settled ??= outcome),
      credits: async () => ({ used: settled === 'drawn' ? units : 0, remaining: null }),
    };
  },
};

/** Plans from config: features checked, units reserved, then committed or refunded. */
export function meteredAdmission(metering: Metering): Admission {
  const requireFeatures = async (request: FastifyRequest, features: readonly Feature[]) => {
    for (const feature of new Set(features)) await metering.requireFeature(request.auth.accountId, feature);
  };
  return {
    requireFeatures,
    async admit(request, features, units = 1) {
      const accountId = request.auth.accountId;
      await requireFeatures(request, features);
      const reservation = await metering.reserve(accountId, units);
      let settled: Outcome | undefined;
      return {
        headers: {},
        quotaHeaders: rateLimitHeaders(reservation.quota),
        quota: reservation.quota,
        async settle(outcome) {
          settled ??= outcome;
          await (settled === 'drawn' ? reservation.commit() : reservation.refund());
        },
        async credits() {
          const { metered, used, balance } = reservation.credits;
          // Not metered: nothing was taken, but the render still cost its one credit a render.
          if (!metered || balance === null) return { used: settled === 'drawn' ? units : 0, remaining: null };
          // A refunded charge gave its credits back.
          return settled === 'drawn' ? { used, remaining: balance } : { used: 0, remaining: balance + used };
        },
      };
    },
  };
}
