// Admission of a metered request: rate limit, plan features, then a reservation of render
// units (quota and credits) that is committed when a render is drawn and refunded when it
// fails or comes from the cache. Every route that renders — native or dialect — goes through
// admit() and settles the ticket, so plans behave the same on every surface.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Plan features a request may need: output formats, and the surfaces that cost more. */
export type Feature = 'png' | 'jpeg' | 'webp' | 'avif' | 'pdf' | 'batch' | 'async' | 'signed_urls' | 'chromium' | 'ai';

export type Outcome = 'drawn' | 'cached' | 'failed';

export interface Ticket {
  /** X-RateLimit-* headers for the reply (the per-minute window, or the monthly quota). */
  readonly headers: Record<string, string>;
  /** Keeps the charge for a drawn render; refunds it for a cache hit or a failure. Idempotent. */
  settle(outcome: Outcome): Promise<void>;
  /** Credits this request spent and what is left (null: the plan does not meter credits). */
  credits(): Promise<{ used: number; remaining: number | null }>;
}

export interface Admission {
  /** Throws RATE_LIMITED, PLAN_REQUIRED, QUOTA_EXCEEDED or INSUFFICIENT_CREDITS. */
  admit(request: FastifyRequest, features: readonly Feature[], units?: number): Promise<Ticket>;
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

/** Nothing metered: the self-hosted default until plans are configured. */
export const unmetered: Admission = {
  async admit() {
    return {
      headers: {},
      settle: async () => undefined,
      credits: async () => ({ used: 0, remaining: null }),
    };
  },
};
