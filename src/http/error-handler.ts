// The one HTTP error handler: PlacardErrors and Fastify's own errors become the envelope
// {"error": {code, message, docs, details}}; anything unknown is logged and becomes a 500
// that reveals nothing internal.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { docsUrl } from '../errors/codes.ts';
import { PlacardError } from '../errors/placard-error.ts';
import { clientGone } from './client-gone.ts';
import { asPlacardError } from './fastify-errors.ts';
import { logClientGone, logFailure } from './log-failure.ts';

export function sendError(reply: FastifyReply, error: PlacardError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  const body: Record<string, unknown> = {
    code: error.code,
    message: error.message,
    docs: docsUrl(error.code),
  };
  if (error.details) body.details = error.details;
  return reply.status(error.status).type('application/json; charset=utf-8').send({ error: body });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (clientGone(reply)) return logClientGone(request.log, error);
    const known = asPlacardError(error, request, { details: true });
    logFailure(request.log, error, known);
    if (known) return sendError(reply, known);
    return sendError(
      reply,
      new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new PlacardError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
}
