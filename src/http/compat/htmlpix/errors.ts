// HTMLPix's error envelope and the dialect's error handler. The doc shows errors only inside
// generation results, as `{ code, message }`; every other error uses that same object under
// `error` ({ "error": { "code", "message", "details"? } }) so one parser reads both. Codes and
// statuses are Placard's own registry (stable, documented in the README): the doc defines no
// others, and GENERATION_FAILED, the one it names, is in the registry too.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PlacardError } from '../../../errors/placard-error.ts';
import { registerDialectErrors } from '../shared/dialect-errors.ts';

export interface HtmlpixError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The `{ code, message }` object, as in a failed generation item. */
export function htmlpixError(error: PlacardError): HtmlpixError {
  return { code: error.code, message: error.message, ...(error.details && { details: error.details }) };
}

export function sendHtmlpixError(reply: FastifyReply, error: PlacardError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  // A failed image fetch must not be cached as if it were the image.
  reply.header('cache-control', 'no-store');
  return reply
    .status(error.status)
    .type('application/json; charset=utf-8')
    .send({ error: htmlpixError(error) });
}

/** Known errors become the envelope; anything else is logged and becomes a bare 500. */
export function registerHtmlpixErrors(app: FastifyInstance): void {
  registerDialectErrors(app, {
    send: sendHtmlpixError,
    unexpected: () => new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'),
  });
}
