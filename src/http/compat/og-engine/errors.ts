// OG Engine's error replies: `{ "error": "<code>", "message", "docs", "details"? }` with the
// doc's codes and statuses. Our PlacardErrors, and Fastify's own errors in the doc's words,
// map onto them here and nowhere else in the dialect.
import type { FastifyReply } from 'fastify';
import { PlacardError } from '../../../errors/placard-error.ts';
import type { DialectErrors } from '../shared/dialect-errors.ts';
import { JSON_CODE } from './request.ts';

const DOCS = 'https://og-engine.com/docs/errors';

function ogCodeOf(error: PlacardError): { status: number; code: string } {
  const declared = error.details?.ogCode;
  if (typeof declared === 'string') return { status: 400, code: declared };
  switch (error.code) {
    case 'INVALID_JSON':
      return { status: 400, code: JSON_CODE };
    case 'VALIDATION_FAILED':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 400, code: 'invalid_field' };
    case 'PAYLOAD_TOO_LARGE':
    case 'ASSET_FETCH_FAILED':
      return { status: 400, code: 'invalid_file' };
    case 'UNAUTHORIZED':
      return { status: 401, code: 'unauthorized' };
    case 'PLAN_REQUIRED':
    case 'INSUFFICIENT_CREDITS':
      return { status: 402, code: 'plan_required' };
    case 'TEMPLATE_NOT_FOUND':
    case 'NOT_FOUND':
      return { status: 404, code: 'not_found' };
    case 'RATE_LIMITED':
    case 'QUOTA_EXCEEDED':
      return { status: 429, code: 'rate_limited' };
    // The render queue is full: a 503 with Retry-After (sent with the error) tells a client to
    // come back, where the doc's plain 500 would not.
    case 'SERVER_BUSY':
      return { status: 503, code: 'server_error' };
    default:
      return { status: 500, code: 'server_error' };
  }
}

export function ogErrorBody(error: PlacardError): { status: number; body: Record<string, unknown> } {
  const { status, code } = ogCodeOf(error);
  const errors = error.details?.errors;
  const body: Record<string, unknown> = { error: code, message: error.message, docs: `${DOCS}#${code}` };
  if (Array.isArray(errors)) {
    body.details = errors.map((e: { field?: unknown; message?: unknown }) => ({
      field: e.field,
      message: e.message,
    }));
  }
  return { status, body };
}

export function sendOgError(reply: FastifyReply, error: PlacardError): FastifyReply {
  const { status, body } = ogErrorBody(error);
  if (error.headers) reply.headers(error.headers);
  return reply.status(status).send(body);
}

const UPLOAD_LIMITS = ['FST_REQ_FILE_TOO_LARGE', 'FST_PARTS_LIMIT'];

/** An OG code the reply must carry, whatever our code says. */
const declared = (ogCode: string) => ({ details: { ogCode } });

export const ogErrors: DialectErrors = {
  send: sendOgError,
  statusOf: (error) => ogCodeOf(error).status,
  unexpected: () => new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'),
  // Without this an unknown path would answer NOT_FOUND without naming the routes there are.
  notFound: (request) =>
    new PlacardError(
      'NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0]}; routes: POST /render, POST /validate, POST /render/batch.`,
    ),
  fastify: {
    'invalid-json': (error) =>
      new PlacardError(
        'INVALID_JSON',
        `The body did not parse as JSON (${error.message}); send the render body as a JSON object.`,
      ),
    'empty-json': () =>
      new PlacardError(
        'INVALID_JSON',
        'The body is empty; send a JSON object with at least format and title.',
        declared('missing_field'),
      ),
    'too-large': (error) => tooLarge(error.message),
    'media-type': (_, request) =>
      new PlacardError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not accepted; send application/json, or multipart/form-data with config and image.`,
      ),
    // Any other 4xx is a bad field to an OG Engine client, but an upload over a multipart limit.
    client: (error) =>
      UPLOAD_LIMITS.includes(error.code ?? '')
        ? tooLarge(error.message)
        : new PlacardError('VALIDATION_FAILED', error.message ?? 'Bad request.', declared('invalid_field')),
  },
};

function tooLarge(message: string | undefined): PlacardError {
  return new PlacardError(
    'PAYLOAD_TOO_LARGE',
    `The upload is too large: ${message}`,
    declared('invalid_file'),
  );
}
