// Audome's error replies: `{ "success": false, "error": "<message>", "code": "<CODE>" }` with
// exactly the six codes and statuses of its doc. Every PlacardError maps onto one of them:
// by a few explicit choices, else by its HTTP status, so a code added to Placard later still
// lands on a code Audome clients know.
import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../../../errors/codes.ts';
import { PlacardError } from '../../../errors/placard-error.ts';
import type { DialectErrors } from '../shared/dialect-errors.ts';

export const audomeStatuses = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INSUFFICIENT_CREDITS: 402,
  PROJECT_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  RENDER_FAILED: 500,
} as const;

export type AudomeCode = keyof typeof audomeStatuses;

/** Where a status alone would mislead an Audome client. */
const explicit: Partial<Record<ErrorCode, AudomeCode>> = {
  // The month's renders are used up: to an Audome client that is "no credits left", not a
  // per-minute limit to wait out.
  QUOTA_EXCEEDED: 'INSUFFICIENT_CREDITS',
  // The render queue is full: back off for Retry-After seconds, exactly like a rate limit.
  SERVER_BUSY: 'RATE_LIMITED',
  // A stored project (JSX) that throws or runs away fails in the renderer; the body was fine.
  TEMPLATE_RUNTIME_ERROR: 'RENDER_FAILED',
  TEMPLATE_TIMEOUT: 'RENDER_FAILED',
  TEMPLATE_MEMORY_EXCEEDED: 'RENDER_FAILED',
};

function byStatus(status: number): AudomeCode {
  if (status >= 500) return 'RENDER_FAILED';
  if (status === 401 || status === 403) return 'UNAUTHORIZED';
  if (status === 402) return 'INSUFFICIENT_CREDITS';
  if (status === 404) return 'PROJECT_NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  // Bad JSON, a bad field, a template that does not compile, an image that cannot be loaded,
  // an output too large, a body too large: all "the body did not validate".
  return 'VALIDATION_FAILED';
}

export const audomeCodeOf = (error: PlacardError): AudomeCode =>
  explicit[error.code] ?? byStatus(error.status);

export const audomeErrors: DialectErrors = {
  send(reply: FastifyReply, error: PlacardError) {
    const code = audomeCodeOf(error);
    return reply
      .status(audomeStatuses[code])
      .type('application/json; charset=utf-8')
      .send({ success: false, error: error.message, code });
  },
  unexpected: () =>
    new PlacardError('RENDER_FAILED', 'Internal renderer error; it has been logged. Safe to retry once.'),
};
