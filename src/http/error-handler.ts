// The one HTTP error handler: PlacardErrors and Fastify's own errors become the envelope
// {"error": {code, message, docs, details}}; anything unknown is logged and becomes a 500
// that reveals nothing internal.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { docsUrl, errorCodes, type ErrorCode } from '../errors/codes.ts';
import { isPlacardError, PlacardError } from '../errors/placard-error.ts';
import { clientGone } from './client-gone.ts';
import { logClientGone, logFailure } from './log-failure.ts';
import { validationError } from './validation.ts';

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

function fromFastify(error: FastifyError, request: FastifyRequest): PlacardError | undefined {
  if (error.validation) {
    return validationError(error.validation, error.validationContext ?? 'body', request);
  }
  const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit;
  const map: Record<string, () => PlacardError> = {
    FST_ERR_CTP_INVALID_JSON_BODY: () =>
      new PlacardError('INVALID_JSON', `The body is not valid JSON: ${error.message}`, {
        details: { allowed: 'a JSON object' },
      }),
    FST_ERR_CTP_EMPTY_JSON_BODY: () =>
      new PlacardError('INVALID_JSON', 'The body is empty; send a JSON object.', {
        details: { allowed: 'a JSON object' },
      }),
    FST_ERR_CTP_BODY_TOO_LARGE: () =>
      new PlacardError(
        'PAYLOAD_TOO_LARGE',
        `The body is larger than the ${limit} bytes allowed; received content-length ${request.headers['content-length'] ?? 'unknown'}.`,
        { details: { allowed: limit, received: request.headers['content-length'] } },
      ),
    FST_ERR_CTP_INVALID_MEDIA_TYPE: () =>
      new PlacardError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted here; send application/json.`,
        { details: { allowed: 'application/json', received: request.headers['content-type'] } },
      ),
  };
  const known = error.code ? map[error.code] : undefined;
  if (known) return known();
  // Another 4xx from Fastify or a plugin: keep its status under the closest code.
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const code = (Object.keys(errorCodes) as ErrorCode[]).find(
      (c) => errorCodes[c].status === error.statusCode,
    );
    return new PlacardError(code ?? 'VALIDATION_FAILED', error.message);
  }
  return undefined;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (clientGone(reply)) return logClientGone(request.log, error);
    const known = isPlacardError(error) ? error : fromFastify(error, request);
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
