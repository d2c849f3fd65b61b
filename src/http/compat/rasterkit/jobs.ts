// Async renders the RasterKit way: POST /v1/image with async: true answers 202
// `{ id, status, status_url }` at once; GET /v1/jobs/:id reports queued, processing, succeeded
// (with result_url, the stored image) or failed (with a RasterKit error code). The job itself
// is Placard's: durable, retried, charged when it draws, and its webhook_url is POSTed a
// signed event when it ends.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../../config.ts';
import { docsUrl } from '../../../core/error-codes.ts';
import { PlacardError } from '../../../core/errors.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { RenderJobPayload } from '../../../delivery/render-jobs.ts';
import type { Job, JobQueue } from '../../../queue/types.ts';
import type { Admission } from '../../admission.ts';
import { originOf } from '../../origin.ts';
import { rasterkitCodeOf, sendRasterkitError } from './errors.ts';
import { defaults, rasterkitRequest } from './request.ts';
import type { ImageQuery } from './schemas.ts';

interface JobDeps {
  queue: JobQueue;
  templates: TemplateResolver;
  admission: Admission;
  config: Config;
  prefix: string;
}

const statusUrl = (request: FastifyRequest, deps: JobDeps, id: string) =>
  `${originOf(request, deps.config.baseUrl)}${deps.prefix}/v1/jobs/${id}`;

function checkWebhookUrl(url: string): void {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `webhook_url must be an http(s) URL; received: ${JSON.stringify(url)}`,
      {
        details: { field: 'webhook_url', allowed: 'an http(s) URL' },
      },
    );
  }
}

export async function enqueueRender(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: ImageQuery,
  webhookUrl: string | undefined,
  deps: JobDeps,
) {
  if (webhookUrl !== undefined) checkWebhookUrl(webhookUrl);
  const { accountId } = request.auth;
  // Only the plan is checked now: the job is charged when it draws, on whichever node runs it.
  await deps.admission.requireFeatures(request, [fields.format ?? defaults.format, 'async']);
  const payload: RenderJobPayload = {
    request: await rasterkitRequest(fields, accountId, deps),
    origin: originOf(request, deps.config.baseUrl),
    webhookUrl,
  };
  const job = await deps.queue.enqueue({ accountId, payload });
  return reply
    .status(202)
    .send({ id: job.id, status: job.status, status_url: statusUrl(request, deps, job.id) });
}

function jobReply(request: FastifyRequest, deps: JobDeps, job: Job) {
  const result = job.result as { url?: unknown } | null | undefined;
  const error = job.error && { code: rasterkitCodeOf(job.error.code).code, message: job.error.message };
  return {
    id: job.id,
    status: job.status === 'running' ? 'processing' : job.status,
    status_url: statusUrl(request, deps, job.id),
    result_url: typeof result?.url === 'string' ? result.url : null,
    error: error ?? null,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

export function jobRoutes(app: FastifyInstance, deps: JobDeps): void {
  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'RasterKit: an async render job',
        tags: ['compat-rasterkit'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
      },
    },
    async (request, reply) => {
      const job = await deps.queue.get(request.auth.accountId, request.params.id);
      if (job) return jobReply(request, deps, job);
      return sendRasterkitError(reply, 404, {
        code: 'job_not_found',
        message: `No job ${JSON.stringify(request.params.id)} in this account.`,
        docs: docsUrl('NOT_FOUND'),
      });
    },
  );
}
