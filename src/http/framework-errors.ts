// Errors Fastify's router raises before it has picked a route: a path with a broken %-escape
// (FST_ERR_BAD_URL) or a path parameter longer than the router reads (FST_ERR_MAX_PARAM_LENGTH,
// e.g. GET /r/<100+ characters>). No scope's error handler sees them, so Fastify used to answer
// in its own envelope, the latter as a 414, on every surface. Here they become a PlacardError
// sent in the envelope of the surface the path belongs to (native, or a dialect's prefix).
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { describeValue, PlacardError } from '../errors/placard-error.ts';
import { sendError } from './error-handler.ts';

export interface PathEnvelope {
  /** e.g. /compat/rasterkit; the native envelope answers every other path. */
  prefix: string;
  send(reply: FastifyReply, error: PlacardError): FastifyReply;
}

/** Fastify reads no path parameter longer than this (its default). */
export const MAX_PARAM_LENGTH = 100;

function routerError(error: { code?: string }, request: FastifyRequest): PlacardError {
  const path = describeValue(request.url.split('?')[0], 120);
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new PlacardError(
        'VALIDATION_FAILED',
        `The path ${path} is not a valid URL: a %-escape in it does not decode; escape "%" as %25.`,
        { details: { field: 'path', received: path } },
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new PlacardError(
        'VALIDATION_FAILED',
        `A part of the path ${path} is too long; allowed: at most ${MAX_PARAM_LENGTH} characters per path parameter.`,
        { details: { field: 'path', allowed: `at most ${MAX_PARAM_LENGTH} characters`, received: path } },
      );
    default:
      return new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.');
  }
}

/**
 * The `frameworkErrors` option: `envelopes` is read on each error, so dialects can add their
 * prefix after the server was created.
 */
export function frameworkErrorHandler(
  envelopes: readonly PathEnvelope[],
): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error, request, reply) => {
    const known = routerError(error, request);
    if (known.status >= 500) request.log.error({ err: error }, 'router error');
    const path = request.url;
    const envelope = envelopes.find((e) => path === e.prefix || path.startsWith(`${e.prefix}/`));
    if (envelope) return envelope.send(reply, known);
    return sendError(reply, known);
  };
}
