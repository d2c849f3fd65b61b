// The X-RateLimit-* headers for a window, without Fastify: the native routes send the
// per-minute window, the OG Engine dialect the monthly quota (its doc defines them that way).
import type { LimitWindow } from './types.ts';

export interface RateLimitHeaderOptions {
  /**
   * What to send for a window with no limit. By default nothing: a made-up number would look
   * like a real limit. A dialect whose clients always parse the headers can pass a large
   * number here, sent as both limit and remaining.
   */
  unlimitedAs?: number;
}

export function rateLimitHeaders(
  window: LimitWindow,
  options: RateLimitHeaderOptions = {},
): Record<string, string> {
  const limit = window.limit ?? options.unlimitedAs;
  if (limit === undefined) return {};
  return {
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': String(window.remaining ?? limit),
    'X-RateLimit-Reset': String(window.resetAt),
  };
}
