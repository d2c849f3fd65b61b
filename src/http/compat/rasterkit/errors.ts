// RasterKit's error replies: `{ "error": { "code", "message", "docs" } }` (+ `details` listing
// each problem of an invalid request). Codes and statuses follow RasterKit's catalog where it
// has one; a Placard code it has no counterpart for keeps its own status, lowercased
// (plan_required, forbidden, server_busy, ...).
import type { FastifyReply } from 'fastify';
import { docsUrl, errorCodes, type ErrorCode } from '../../../errors/codes.ts';
import { PlacardError } from '../../../errors/placard-error.ts';
import type { DialectErrors } from '../shared/dialect-errors.ts';

interface RasterkitCode {
  code: string;
  status: number;
}

const catalog: Partial<Record<ErrorCode, RasterkitCode>> = {
  VALIDATION_FAILED: { code: 'invalid_request', status: 400 },
  WEBHOOK_URL_REFUSED: { code: 'invalid_request', status: 400 },
  INVALID_JSON: { code: 'invalid_request', status: 400 },
  UNSUPPORTED_MEDIA_TYPE: { code: 'invalid_request', status: 400 },
  OUTPUT_TOO_LARGE: { code: 'invalid_request', status: 400 },
  UNAUTHORIZED: { code: 'unauthorized', status: 401 },
  INVALID_SIGNATURE: { code: 'signature_invalid', status: 401 },
  URL_EXPIRED: { code: 'signature_expired', status: 401 },
  QUOTA_EXCEEDED: { code: 'quota_exceeded', status: 402 },
  // RasterKit has no credits; a balance that cannot pay for a render is its quota stop.
  INSUFFICIENT_CREDITS: { code: 'quota_exceeded', status: 402 },
  TEMPLATE_NOT_FOUND: { code: 'template_not_found', status: 404 },
  PAYLOAD_TOO_LARGE: { code: 'payload_too_large', status: 413 },
  TEMPLATE_COMPILE_FAILED: { code: 'template_invalid', status: 422 },
  TEMPLATE_RUNTIME_ERROR: { code: 'template_invalid', status: 422 },
  TEMPLATE_TIMEOUT: { code: 'template_invalid', status: 422 },
  TEMPLATE_MEMORY_EXCEEDED: { code: 'template_invalid', status: 422 },
  ASSET_FETCH_FAILED: { code: 'navigation_failed', status: 422 },
  RATE_LIMITED: { code: 'rate_limited', status: 429 },
  RENDER_FAILED: { code: 'internal_error', status: 500 },
  INTERNAL_ERROR: { code: 'internal_error', status: 500 },
  RENDER_TIMEOUT: { code: 'render_timeout', status: 504 },
};

/** Our code (and, for fetches, why it failed) as RasterKit's; also used for failed jobs. */
export function rasterkitCodeOf(code: string, details?: Record<string, unknown>): RasterkitCode {
  const reason = details?.reason;
  // SSRF protection has its own code and status at RasterKit.
  if (code === 'ASSET_FETCH_FAILED' && (reason === 'private-address' || reason === 'scheme')) {
    return { code: 'url_blocked', status: 451 };
  }
  const known = catalog[code as ErrorCode];
  if (known) return known;
  const status = (errorCodes as Record<string, { status: number } | undefined>)[code]?.status ?? 500;
  return { code: code.toLowerCase(), status };
}

export function sendRasterkitError(
  reply: FastifyReply,
  status: number,
  body: { code: string; message: string; docs: string; details?: unknown },
): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send({ error: body });
}

/** Each problem of a failed validation as `{ field, message }`. */
function problemsOf(error: PlacardError): { field: unknown; message: unknown }[] | undefined {
  const errors = error.details?.errors;
  if (Array.isArray(errors)) {
    return errors.map((e: { field?: unknown; message?: unknown }) => ({
      field: e.field,
      message: e.message,
    }));
  }
  const field = error.details?.field;
  return typeof field === 'string' ? [{ field, message: error.message }] : undefined;
}

export const rasterkitErrors: DialectErrors = {
  send(reply, error) {
    const { code, status } = rasterkitCodeOf(error.code, error.details);
    const details = code === 'invalid_request' ? problemsOf(error) : undefined;
    // docs points at Placard's own section for the code: the message is Placard's.
    return sendRasterkitError(reply, status, {
      code,
      message: error.message,
      docs: docsUrl(error.code),
      ...(details && { details }),
    });
  },
  unexpected: () => new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'),
};
