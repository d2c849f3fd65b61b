// POST /v1/render/batch: up to PLACARD_BATCH_MAX_ITEMS render requests in one call, rendered
// with bounded concurrency and stored; the reply lists each item's stored image or its own
// error (with the status it would have had alone), in order, and counts both. One bad item
// never takes the batch down: 200 when every item succeeded, 207 when any failed. With
// `async: true` the batch is queued instead (batch-async.ts): 202 and GET /v1/batches/:id.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { docsUrl } from '../../errors/codes.ts';
import { isPlacardError, PlacardError } from '../../errors/placard-error.ts';
import type { Pipeline } from '../../core/pipeline.ts';
import { renderReply, type RenderStore } from '../../delivery/render-store.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { RenderBody, requestFromBody } from '../schemas/render.ts';
import type { Admission } from '../admission.ts';
import { assertValid, problemsError } from '../validation.ts';
import { renderChargedOnDraw } from './render.ts';
import { acceptAsyncBatch, BatchJobReply, batchStatusRoutes, type AsyncBatchDeps } from './batch-async.ts';

// Items are checked one by one (below), so one malformed item fails alone.
const BatchBody = Type.Object(
  {
    items: Type.Array(Type.Unknown(), {
      minItems: 1,
      description: 'Render requests, as for POST /v1/render.',
    }),
    async: Type.Optional(
      Type.Boolean({
        description:
          'Answer 202 with a batch at once; each item is a job run by the workers (GET /v1/batches/:id).',
      }),
    ),
    webhook_url: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2048,
        description:
          "With async: each item's job POSTs its result here, as an async render's webhook does, with " +
          '`batch: { id, index }` in the body. Checked when the batch is accepted (400 WEBHOOK_URL_REFUSED).',
      }),
    ),
  },
  { additionalProperties: false },
);

const BatchReply = Type.Object({
  succeeded: Type.Integer({ description: 'Items rendered and stored.' }),
  failed: Type.Integer({ description: 'Items that failed, each with its error.' }),
  items: Type.Array(Type.Unknown(), { description: 'One result per item, in request order.' }),
});

async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function batchRoutes(
  app: FastifyInstance,
  deps: { pipeline: Pipeline; renders: RenderStore; config: Config; admission: Admission } & AsyncBatchDeps,
): void {
  batchStatusRoutes(app, deps);
  app.post<{ Body: Static<typeof BatchBody> }>(
    '/v1/render/batch',
    {
      schema: {
        summary: 'Render many templates in one call; each is stored and answered in order',
        description:
          'Per item, not all or nothing: each item is rendered, charged and stored on its own, and a bad item ' +
          'fails alone. The reply lists every item in order, `{ index, ok: true, status: 200, url, ... }` or ' +
          '`{ index, ok: false, status, error: { code, message, docs } }` (status: what the item alone would have ' +
          'answered), with `succeeded` and `failed` counts. 200 when every item succeeded, 207 when any failed. ' +
          'The whole call fails (4xx) only when the batch itself is wrong (no items, too many, no batch in the plan). ' +
          'With `async: true` the batch is queued: 202 with the batch (`status_url`: GET /v1/batches/:id), each item ' +
          'a job run by the workers and charged when it draws. An async batch is checked whole before anything is ' +
          'queued: a bad item (schema, unknown template or variable) fails the call with `items.<i>` in the message.',
        tags: ['render'],
        security: apiKeySecurity,
        body: BatchBody,
        response: {
          200: BatchReply,
          202: BatchJobReply,
          207: BatchReply,
          // 402: batch outside the plan (each item's own 402/429 is in its result).
          ...errorResponses(400, 401, 402, 404, 413),
        },
      },
    },
    async (request, reply) => {
      const { items } = request.body;
      if (request.body.webhook_url !== undefined && !request.body.async) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          'body.webhook_url needs async: true; received async: false.',
          {
            details: { field: 'body.webhook_url' },
          },
        );
      }
      await deps.admission.requireFeatures(request, ['batch']);
      const max = deps.config.batchMaxItems;
      if (items.length > max) {
        throw problemsError([
          {
            field: 'body.items',
            message: `body.items must have at most ${max} items; received: ${items.length}`,
            allowed: `at most ${max}`,
            received: String(items.length),
          },
        ]);
      }
      if (request.body.async) return acceptAsyncBatch(request, reply, deps, request.body);
      const origin = originOf(request, deps.config.baseUrl);
      const results = await mapLimited(items, deps.config.batchConcurrency, async (item, index) => {
        try {
          const body = assertValid<RenderBody>(RenderBody, item, `items.${index}`);
          if (body.async || body.webhook_url !== undefined) {
            const field = body.async ? 'async' : 'webhook_url';
            throw new PlacardError(
              'VALIDATION_FAILED',
              `items.${index}.${field} is not allowed on an item; set async (and webhook_url) on the batch itself.`,
              { details: { field: `items.${index}.${field}` } },
            );
          }
          // Each item is charged on its own and only when it is drawn, as POST /v1/render is.
          const result = await renderChargedOnDraw(
            deps,
            request,
            reply,
            body,
            requestFromBody(body, deps.config, request.auth.accountId),
          );
          const stored = await deps.renders.save(result, request.auth.accountId);
          return {
            index,
            ok: true,
            status: 200,
            cache: result.cache === 'HIT' ? 'HIT' : 'MISS',
            ...renderReply(stored, deps.renders.urlFor(stored, origin)),
          };
        } catch (error) {
          if (!isPlacardError(error)) request.log.error({ err: error, index }, 'batch item failed');
          const known = isPlacardError(error)
            ? error
            : new PlacardError('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.');
          return {
            index,
            ok: false,
            status: known.status,
            error: {
              code: known.code,
              message: known.message,
              docs: docsUrl(known.code),
              ...(known.details && { details: known.details }),
            },
          };
        }
      });
      const failed = results.filter((item) => !item.ok).length;
      return reply
        .status(failed === 0 ? 200 : 207)
        .send({ succeeded: results.length - failed, failed, items: results });
    },
  );
}
