// Async batches: POST /v1/render/batch with `async: true` answers 202 with a batch at once; each
// item is a queued job (run by any worker, retried and recovered like any async render), and
// GET /v1/batches/:id shows every item's state. Everything that can be known when the batch is
// accepted is checked first, for every item, so a batch that could only partly run is a 4xx
// with nothing queued or charged; each job is charged when it draws.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { isPlacardError, PlacardError } from '../../errors/placard-error.ts';
import type { Fetcher } from '../../core/fetch-guard/index.ts';
import { checkJobAhead } from '../../delivery/accept-check.ts';
import { batchView } from '../../delivery/batch-view.ts';
import type { RenderJobPayload } from '../../delivery/render-jobs.ts';
import { checkWebhookAddress } from '../../delivery/webhook-address.ts';
import { newJobId, type JobQueue } from '../../queue/types.ts';
import { newId } from '../../storage/db/ids.ts';
import type { BatchRepository } from '../../storage/db/index.ts';
import type { TemplateResolver } from '../../templates/resolver.ts';
import type { Admission, Feature } from '../admission.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { RenderBody, requestFromBody } from '../schemas/render.ts';
import { assertValid } from '../validation.ts';
import { featuresOf } from './render.ts';

export interface AsyncBatchDeps {
  queue: JobQueue;
  batches: BatchRepository;
  fetcher: Fetcher;
  templates: TemplateResolver;
  config: Config;
  admission: Admission;
}

export const BatchJobReply = Type.Object({
  id: Type.String(),
  status: Type.String({
    description:
      'queued (no item started), running, or completed (every item ended: succeeded, failed, or missing)',
  }),
  status_url: Type.String(),
  total: Type.Integer(),
  queued: Type.Integer(),
  running: Type.Integer(),
  succeeded: Type.Integer(),
  failed: Type.Integer(),
  webhook_url: Type.Optional(
    Type.String({
      description:
        "Every item's job POSTs its render.succeeded or render.failed here, and once the last item ends, one batch.completed.",
    }),
  ),
  items: Type.Array(
    Type.Object({
      index: Type.Integer(),
      job_id: Type.String(),
      status: Type.String({
        description: 'queued, running, succeeded, failed, or missing (a finished job no longer kept)',
      }),
      attempts: Type.Integer(),
      result: Type.Optional(Type.Unknown({ description: 'The stored render, when succeeded.' })),
      error: Type.Optional(Type.Unknown({ description: "The job's error, when failed." })),
    }),
    { description: 'One per item, in request order.' },
  ),
  created_at: Type.String(),
  completed_at: Type.Optional(
    Type.String({
      description:
        'When the last item ended and the batch’s completion was recorded (batch.completed sent, if it has a webhook_url).',
    }),
  ),
});

/** An item's error, its message starting with `items.<i>:`, keeping code, status and details. */
function atItem(error: unknown, index: number): unknown {
  if (!isPlacardError(error)) return error;
  return new PlacardError(error.code, `items.${index}: ${error.message}`, {
    cause: error,
    details: { ...error.details, item: index },
    headers: error.headers,
  });
}

/** Checks every item and the webhook, then queues one job per item and saves the batch: 202. */
export async function acceptAsyncBatch(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AsyncBatchDeps,
  body: { items: unknown[]; webhook_url?: string },
) {
  const { accountId } = request.auth;
  const origin = originOf(request, deps.config.baseUrl);
  const features = new Set<Feature>(['batch', 'async']);
  const batchId = newId('bat');
  const payloads: RenderJobPayload[] = [];
  for (const [index, item] of body.items.entries()) {
    const render = assertValid<RenderBody>(RenderBody, item, `items.${index}`);
    if (render.async || render.webhook_url !== undefined) {
      const field = render.async ? 'async' : 'webhook_url';
      throw new PlacardError(
        'VALIDATION_FAILED',
        `items.${index}.${field} is not allowed on an item; set async (and webhook_url) on the batch itself.`,
        { details: { field: `items.${index}.${field}` } },
      );
    }
    for (const feature of featuresOf(render)) features.add(feature);
    try {
      const renderRequest = requestFromBody(render, deps.config, accountId);
      await checkJobAhead(deps.templates, renderRequest);
      payloads.push({
        request: renderRequest,
        origin,
        webhookUrl: body.webhook_url,
        batch: { id: batchId, index },
      });
    } catch (error) {
      throw atItem(error, index);
    }
  }
  if (body.webhook_url !== undefined) {
    await checkWebhookAddress(deps.fetcher, body.webhook_url, 'body.webhook_url');
  }
  await deps.admission.requireFeatures(request, [...features]);
  // The batch is recorded, naming its jobs' ids, before any job is queued: a job never runs
  // outside a batch its account can see. If queueing then fails part way, the reply is an
  // error and GET /v1/batches/:id shows the items that were not queued as missing.
  const batch = await deps.batches.create({
    id: batchId,
    accountId,
    jobIds: payloads.map(() => newJobId()),
    webhookUrl: body.webhook_url ?? null,
  });
  const jobs = await Promise.all(
    payloads.map((payload, index) => deps.queue.enqueue({ accountId, payload, id: batch.jobIds[index] })),
  );
  return reply.status(202).send(batchView(batch, jobs, origin));
}

export function batchStatusRoutes(
  app: FastifyInstance,
  deps: Pick<AsyncBatchDeps, 'queue' | 'batches' | 'config'>,
) {
  app.get<{ Params: { id: string } }>(
    '/v1/batches/:id',
    {
      schema: {
        summary: 'An async batch: every item’s job state and the counts',
        tags: ['jobs'],
        security: apiKeySecurity,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: BatchJobReply, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { accountId } = request.auth;
      const batch = await deps.batches.get(accountId, request.params.id);
      if (!batch)
        throw new PlacardError('NOT_FOUND', `No batch ${JSON.stringify(request.params.id)} in this account.`);
      const jobs = await Promise.all(batch.jobIds.map((id) => deps.queue.get(accountId, id)));
      return batchView(batch, jobs, originOf(request, deps.config.baseUrl));
    },
  );
}
