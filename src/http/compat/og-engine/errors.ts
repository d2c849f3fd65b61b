// OG Engine's error replies: `{ "error": "<code>", "message", "docs", "details"? }` with the
// doc's codes and statuses. Our PlacardErrors and Fastify's own errors map onto them here,
// and nowhere else in the dialect.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isPlacardError, type PlacardError } from '../../../errors/placard-error.ts';
import { clientGone } from '../../client-gone.ts';
import { logClientGone, logFailure } from '../../log-failure.ts';
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

export function registerOgErrors(app: FastifyInstance): void {
  // Without this an unknown path would answer in the native envelope ({ error: { code } }),
  // which an OG Engine client, reading `error` as a string, cannot parse.
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: 'not_found',
      message: `No route ${request.method} ${request.url.split('?')[0]}; routes: POST /render, POST /validate, POST /render/batch.`,
      docs: `${DOCS}#not_found`,
    }),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (clientGone(reply)) return logClientGone(request.log, error);
    if (isPlacardError(error)) {
      logFailure(request.log, error, error, ogCodeOf(error).status);
      return sendOgError(reply, error);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return reply.status(400).send({
        error: JSON_CODE,
        message: `The body did not parse as JSON (${error.message}); send the render body as a JSON object.`,
        docs: `${DOCS}#${JSON_CODE}`,
      });
    }
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send({
        error: 'missing_field',
        message: 'The body is empty; send a JSON object with at least format and title.',
        docs: `${DOCS}#missing_field`,
      });
    }
    if (
      error.code === 'FST_REQ_FILE_TOO_LARGE' ||
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
      error.code === 'FST_PARTS_LIMIT'
    ) {
      return reply.status(400).send({
        error: 'invalid_file',
        message: `The upload is too large: ${error.message}`,
        docs: `${DOCS}#invalid_file`,
      });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const received = JSON.stringify(request.headers['content-type'] ?? '');
      return reply.status(400).send({
        error: 'invalid_field',
        message: `Content-Type ${received} is not accepted; send application/json, or multipart/form-data with config and image.`,
        docs: `${DOCS}#invalid_field`,
      });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply
        .status(400)
        .send({ error: 'invalid_field', message: error.message, docs: `${DOCS}#invalid_field` });
    }
    request.log.error({ err: error }, 'og-engine: unhandled error');
    return reply.status(500).send({
      error: 'server_error',
      message: 'An unexpected error occurred; it has been logged.',
      docs: `${DOCS}#server_error`,
    });
  });
}
