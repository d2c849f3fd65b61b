// What Fastify itself throws (schema validation, bad JSON, body limit, content type) as our
// PlacardError, so every surface's error handler (native and each dialect) maps one kind of
// error onto its own envelope. The one place that reads Fastify's error codes.
import type { FastifyError, FastifyRequest } from 'fastify';
import { errorCodes, type ErrorCode } from '../errors/codes.ts';
import { isPlacardError, PlacardError } from '../errors/placard-error.ts';
import { validationError } from './validation.ts';

/** The kinds of Fastify error a surface may word its own way. */
export type FastifyErrorKind = 'invalid-json' | 'empty-json' | 'too-large' | 'media-type' | 'client';

type Wording = (error: Partial<FastifyError>, request: FastifyRequest) => PlacardError;

export interface FastifyErrorOptions {
  /**
   * Add `details` (allowed, received) to the errors made here. The native envelope has them;
   * the dialects' envelopes were written without and keep it so.
   */
  details?: boolean;
  /** A surface's own words for some kinds (OG Engine's codes and messages, say). */
  words?: Partial<Record<FastifyErrorKind, Wording>>;
}

const KINDS: Record<string, FastifyErrorKind> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'media-type',
};

/** Which kind `error` is; `client` is any other 4xx from Fastify or a plugin. */
function kindOf(error: Partial<FastifyError>): FastifyErrorKind | undefined {
  const kind = error.code ? KINDS[error.code] : undefined;
  if (kind) return kind;
  const status = error.statusCode;
  return status && status >= 400 && status < 500 ? 'client' : undefined;
}

function placardWords(details: boolean): Record<FastifyErrorKind, Wording> {
  const with_ = (d: Record<string, unknown>) => (details ? { details: d } : undefined);
  const limitOf = (request: FastifyRequest) =>
    request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit;
  return {
    'invalid-json': (error) =>
      new PlacardError(
        'INVALID_JSON',
        `The body is not valid JSON: ${error.message}`,
        with_({ allowed: 'a JSON object' }),
      ),
    'empty-json': () =>
      new PlacardError(
        'INVALID_JSON',
        'The body is empty; send a JSON object.',
        with_({ allowed: 'a JSON object' }),
      ),
    'too-large': (_, request) => {
      const limit = limitOf(request);
      const received = request.headers['content-length'];
      return new PlacardError(
        'PAYLOAD_TOO_LARGE',
        `The body is larger than the ${limit} bytes allowed; received content-length ${received ?? 'unknown'}.`,
        with_({ allowed: limit, received }),
      );
    },
    'media-type': (_, request) =>
      new PlacardError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted here; send application/json.`,
        with_({ allowed: 'application/json', received: request.headers['content-type'] }),
      ),
    // Keep its status under the closest code.
    client: (error) => {
      const code = (Object.keys(errorCodes) as ErrorCode[]).find(
        (c) => errorCodes[c].status === error.statusCode,
      );
      return new PlacardError(code ?? 'VALIDATION_FAILED', error.message ?? 'Bad request.');
    },
  };
}

const WITH_DETAILS = placardWords(true);
const WITHOUT_DETAILS = placardWords(false);

/** The PlacardError `error` is or stands for; undefined for an unexpected error (a bug, a crash). */
export function asPlacardError(
  error: unknown,
  request: FastifyRequest,
  options: FastifyErrorOptions = {},
): PlacardError | undefined {
  if (isPlacardError(error)) return error;
  const fastify = error as Partial<FastifyError>;
  if (fastify.validation) {
    return validationError(fastify.validation, fastify.validationContext ?? 'body', request);
  }
  const kind = kindOf(fastify);
  if (!kind) return undefined;
  const word = options.words?.[kind] ?? (options.details ? WITH_DETAILS : WITHOUT_DETAILS)[kind];
  return word(fastify, request);
}
