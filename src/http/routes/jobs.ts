// GET /v1/jobs/:id: an async render's state — queued, running, succeeded (with the stored
// image) or failed (with the error) — and, when it has a webhook, every delivery attempt and
// where delivery stands. Another account's job reads as missing.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import type { RenderJobPayload } from '../../delivery/render-jobs.ts';
import { webhookView, type WebhookView } from '../../delivery/webhook-view.ts';
import type { Job, JobQueue } from '../../queue/types.ts';
import type { WebhookDeliveryRepository } from '../../storage/db/index.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const WebhookReply = Type.Object(
  {
    url: Type.String(),
    state: Type.String({
      description:
        'pending (not sent yet), retrying (the last attempt failed, another is due), delivered, failed (every attempt failed) or refused (the fetch guard refused the address)',
    }),
    deliveries: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        at: Type.String({ description: 'When the attempt ended (ISO 8601).' }),
        outcome: Type.String({ description: 'delivered (2xx), failed or refused' }),
        status: Nullable(Type.Integer({ description: "The receiver's HTTP status; null when none came." })),
        error: Nullable(Type.String({ description: 'Why it did not count as delivered.' })),
        duration_ms: Type.Integer(),
        next_attempt_at: Nullable(Type.String({ description: 'When the next attempt is due, if one is.' })),
      }),
    ),
  },
  { description: "The job's webhook: present when the job was given a webhook_url." },
);

export const JobReply = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'queued, running, succeeded or failed' }),
  status_url: Type.String(),
  attempts: Type.Integer(),
  result: Type.Optional(
    Type.Unknown({ description: 'The stored render (id, url, width, height, format, bytes).' }),
  ),
  error: Type.Optional(
    Type.Object({
      code: Type.String({ description: 'A Placard error code (README, Errors), as in the webhook body.' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  ),
  webhook: Type.Optional(WebhookReply),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export function jobReply(job: Job, origin: string, webhook?: WebhookView) {
  return {
    id: job.id,
    status: job.status,
    status_url: `${origin}/v1/jobs/${job.id}`,
    attempts: job.attempts,
    ...(job.result !== null && job.result !== undefined && { result: job.result }),
    ...(job.error && { error: job.error }),
    ...(webhook && { webhook }),
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

export function jobRoutes(
  app: FastifyInstance,
  deps: { queue: JobQueue; deliveries: WebhookDeliveryRepository; config: Config },
): void {
  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'An async render job, with its webhook deliveries',
        tags: ['jobs'],
        security: apiKeySecurity,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: JobReply, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { accountId } = request.auth;
      const job = await deps.queue.get(accountId, request.params.id);
      if (!job)
        throw new PlacardError('NOT_FOUND', `No job ${JSON.stringify(request.params.id)} in this account.`);
      const { webhookUrl } = job.payload as RenderJobPayload;
      const webhook = webhookUrl
        ? webhookView(webhookUrl, await deps.deliveries.list(accountId, job.id))
        : undefined;
      return jobReply(job, originOf(request, deps.config.baseUrl), webhook);
    },
  );
}
