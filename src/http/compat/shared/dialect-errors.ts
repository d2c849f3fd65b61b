// One error handler and one not-found handler per dialect plugin: every failure becomes a
// PlacardError first, then the dialect's `send` puts it in its vendor's envelope. Unexpected
// errors are logged and replaced by the dialect's generic failure, which reveals nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlacardError } from '../../../errors/placard-error.ts';
import { clientGone } from '../../client-gone.ts';
import { asPlacardError, type FastifyErrorOptions } from '../../fastify-errors.ts';
import { logClientGone, logFailure } from '../../log-failure.ts';

export interface DialectErrors {
  /** Sends `error` in the vendor's envelope, with the vendor's status and code. */
  send(reply: FastifyReply, error: PlacardError): FastifyReply;
  /** What an unexpected error is answered as. */
  unexpected(): PlacardError;
  /** The status `send` answers `error` with, for the log line; default the error's own. */
  statusOf?(error: PlacardError): number;
  /** The vendor's own words for some of Fastify's errors (see fastify-errors.ts). */
  fastify?: FastifyErrorOptions['words'];
  /** What an unknown path is answered as; default NOT_FOUND naming the method and path. */
  notFound?(request: FastifyRequest): PlacardError;
}

const noRoute = (request: FastifyRequest) =>
  new PlacardError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`);

/** Installs the handlers on `scope` (an encapsulated plugin, so other surfaces keep theirs). */
export function registerDialectErrors(scope: FastifyInstance, errors: DialectErrors): void {
  scope.setErrorHandler((error, request, reply) => {
    if (clientGone(reply)) return logClientGone(request.log, error);
    const known = asPlacardError(error, request, { words: errors.fastify });
    logFailure(request.log, error, known, known && errors.statusOf?.(known));
    const sent = known ?? errors.unexpected();
    // Retry-After and X-RateLimit-* travel with rate limit, quota and busy errors.
    if (sent.headers) reply.headers(sent.headers);
    return errors.send(reply, sent);
  });
  scope.setNotFoundHandler((request, reply) => errors.send(reply, (errors.notFound ?? noRoute)(request)));
}
