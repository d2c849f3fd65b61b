// Async renders the RasterKit way: POST /v1/image with async: true answers 202
// `{ id, status, status_url }` at once; GET /v1/jobs/:id reports queued, processing, succeeded
// (with result_url, the stored image) or failed (with a RasterKit error code). The job itself
// is Placard's: durable, retried, charged when it draws, and its webhook_url (checked by the
// fetch guard when the job is accepted) is POSTed the same job object, signed, when it ends.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../../config.ts';
import { docsUrl } from '../../../errors/codes.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import { checkJobAhead } from '../../../delivery/accept-check.ts';
import type { RenderJobPayload } from '../../../delivery/render-jobs.ts';
import type { WebhookAddressCheck } from '../../../delivery/webhook-address.ts';
import { webhookView } from '../../../delivery/webhook-view.ts';
import type { JobQueue } from '../../../queue/types.ts';
import type { WebhookDeliveryRepository } from '../../../storage/db/index.ts';
import type { Admission } from '../../admission.ts';
import { originOf } from '../../origin.ts';
import { sendRasterkitError } from './errors.ts';
import { rasterkitJobView } from './job-view.ts';
import { defaults, rasterkitRequest } from './request.ts';
import type { ImageQuery } from './schemas.ts';

interface JobDeps {
  queue: JobQueue;
  checkWebhook: WebhookAddressCheck;
  deliveries: WebhookDeliveryRepository;
  templates: TemplateResolver;
  admission: Admission;
  config: Config;
  prefix: string;
}

const statusUrl = (request: FastifyRequest, deps: Pick<JobDeps, 'config' | 'prefix'>, id: string) =>
  `${originOf(request, deps.config.baseUrl)}${deps.prefix}/v1/jobs/${id}`;

export async function enqueueRender(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: ImageQuery,
  webhookUrl: string | undefined,
  deps: Omit<JobDeps, 'deliveries'>,
) {
  // Refused before anything is queued or charged: a webhook that could never go is a 400.
  if (webhookUrl !== undefined) await deps.checkWebhook(webhookUrl, 'webhook_url');
  const { accountId } = request.auth;
  // Only the plan is checked now: the job is charged when it draws, on whichever node runs it.
  await deps.admission.requireFeatures(request, [fields.format ?? defaults.format, 'async']);
  const renderRequest = await rasterkitRequest(fields, accountId, deps);
  await checkJobAhead(deps.templates, renderRequest);
  const payload: RenderJobPayload = {
    request: renderRequest,
    origin: originOf(request, deps.config.baseUrl),
    webhookUrl,
    dialect: { name: 'rasterkit', jobsUrl: statusUrl(request, deps, '') },
  };
  const job = await deps.queue.enqueue({ accountId, payload });
  return reply
    .status(202)
    .send({ id: job.id, status: job.status, status_url: statusUrl(request, deps, job.id) });
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
      const { accountId } = request.auth;
      const job = await deps.queue.get(accountId, request.params.id);
      if (job) {
        // Placard's addition (the doc names no more fields): where the webhook stands.
        const { webhookUrl } = job.payload as RenderJobPayload;
        const webhook = webhookUrl && webhookView(webhookUrl, await deps.deliveries.list(accountId, job.id));
        return { ...rasterkitJobView(job, statusUrl(request, deps, job.id)), ...(webhook && { webhook }) };
      }
      return sendRasterkitError(reply, 404, {
        code: 'job_not_found',
        message: `No job ${JSON.stringify(request.params.id)} in this account.`,
        docs: docsUrl('NOT_FOUND'),
      });
    },
  );
}
