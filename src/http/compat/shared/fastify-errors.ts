// What Fastify itself throws (schema validation, bad JSON, body limit, content type) as our
// PlacardError, so a dialect's error handler maps one kind of error onto its vendor's envelope.
// The same translation as the native handler's (src/http/error-handler.ts, which keeps its own
// private), with the same messages.
import type { FastifyError, FastifyRequest } from 'fastify';
import { errorCodes, type ErrorCode } from '../../../errors/codes.ts';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import { validationError } from '../../validation.ts';

/** The PlacardError `error` is or stands for; undefined for an unexpected error (a bug, a crash). */
export function asPlacardError(error: unknown, request: FastifyRequest): PlacardError | undefined {
  if (isPlacardError(error)) return error;
  const fastify = error as Partial<FastifyError>;
  if (fastify.validation) {
    return validationError(fastify.validation, fastify.validationContext ?? 'body', request);
  }
  switch (fastify.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new PlacardError('INVALID_JSON', `The body is not valid JSON: ${fastify.message}`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new PlacardError('INVALID_JSON', 'The body is empty; send a JSON object.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE': {
      const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit;
      const received = request.headers['content-length'] ?? 'unknown';
      return new PlacardError(
        'PAYLOAD_TOO_LARGE',
        `The body is larger than the ${limit} bytes allowed; received content-length ${received}.`,
      );
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new PlacardError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted here; send application/json.`,
      );
  }
  // Another 4xx from Fastify or a plugin: keep its status under the closest code.
  const status = fastify.statusCode;
  if (status && status >= 400 && status < 500) {
    const code = (Object.keys(errorCodes) as ErrorCode[]).find((c) => errorCodes[c].status === status);
    return new PlacardError(code ?? 'VALIDATION_FAILED', fastify.message ?? 'Bad request.');
  }
  return undefined;
}
