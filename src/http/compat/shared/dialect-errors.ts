// One error handler and one not-found handler per dialect plugin: every failure becomes a
// PlacardError first, then the dialect's `send` puts it in its vendor's envelope. Unexpected
// errors are logged and replaced by the dialect's generic failure, which reveals nothing.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { PlacardError } from '../../../errors/placard-error.ts';
import { clientGone } from '../../client-gone.ts';
import { logClientGone, logFailure } from '../../log-failure.ts';
import { asPlacardError } from './fastify-errors.ts';

export interface DialectErrors {
  /** Sends `error` in the vendor's envelope, with the vendor's status and code. */
  send(reply: FastifyReply, error: PlacardError): FastifyReply;
  /** What an unexpected error is answered as. */
  unexpected(): PlacardError;
}

/** Installs the handlers on `scope` (an encapsulated plugin, so other surfaces keep theirs). */
export function registerDialectErrors(scope: FastifyInstance, errors: DialectErrors): void {
  scope.setErrorHandler((error, request, reply) => {
    if (clientGone(reply)) return logClientGone(request.log, error);
    const known = asPlacardError(error, request);
    logFailure(request.log, error, known);
    const sent = known ?? errors.unexpected();
    // Retry-After and X-RateLimit-* travel with rate limit, quota and busy errors.
    if (sent.headers) reply.headers(sent.headers);
    return errors.send(reply, sent);
  });
  scope.setNotFoundHandler((request, reply) =>
    errors.send(
      reply,
      new PlacardError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`),
    ),
  );
}
