// The RasterKit dialect as one Fastify plugin (mounted under /compat/rasterkit): its own key
// check (`x-api-key`, `Authorization: Bearer` also accepted; none for a signed GET /v1/image),
// its own error envelope, and routes that only translate to and from Placard's services.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Config } from '../../../config.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import type { Signer } from '../../../core/signing.ts';
import type { WebhookAddressCheck } from '../../../delivery/webhook-address.ts';
import type { JobQueue } from '../../../queue/types.ts';
import type { WebhookDeliveryRepository } from '../../../storage/db/types.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { TemplateService } from '../../../templates/service.ts';
import type { Admission } from '../../admission.ts';
import { requireApiKey } from '../../auth.ts';
import { strictJsonBodies } from '../shared/strict-json.ts';
import { registerDialectErrors } from '../shared/dialect-errors.ts';
import { rasterkitErrors } from './errors.ts';
import { imageRoutes } from './image.ts';
import { jobRoutes } from './jobs.ts';
import { signedUrlRoutes } from './signed-urls.ts';
import { templateRoutes } from './templates.ts';

/** What the dialect uses; the server's services (created with the database) have all of it. */
export interface RasterkitDeps {
  config: Config;
  pipeline: Pipeline;
  templates: TemplateResolver;
  /** Stored templates (/v1/templates). */
  templateStore: TemplateService;
  /** Async jobs (/v1/jobs, async renders). */
  queue: JobQueue;
  signer: Signer;
  checkWebhookAddress: WebhookAddressCheck;
  webhookDeliveries: WebhookDeliveryRepository;
  /** The key check, which also counts the plan's per-minute limit. */
  authenticator: Authenticator;
  /** Plans, quotas and credits around every render. */
  admission: Admission;
}

const hasSignature = (request: FastifyRequest) =>
  new URLSearchParams(request.url.split('?')[1] ?? '').has('signature');

export function rasterkitDialect(deps: RasterkitDeps): FastifyPluginAsync {
  const { config, pipeline, templates, templateStore, queue, signer, checkWebhookAddress } = deps;
  const { webhookDeliveries, authenticator, admission } = deps;
  return async (app) => {
    strictJsonBodies(app);
    registerDialectErrors(app, rasterkitErrors);
    const prefix = app.prefix;
    // A signed GET /v1/image is its own credential: its route checks the signature instead.
    const signedImage = (request: FastifyRequest) =>
      (request.method === 'GET' || request.method === 'HEAD') &&
      request.routeOptions.url === `${prefix}/v1/image` &&
      hasSignature(request);
    requireApiKey(app, authenticator, signedImage);
    imageRoutes(app, {
      pipeline,
      templates,
      queue,
      checkWebhook: checkWebhookAddress,
      signer,
      admission,
      config,
      prefix,
      rateLimit: authenticator.rateLimit,
    });
    jobRoutes(app, {
      queue,
      checkWebhook: checkWebhookAddress,
      deliveries: webhookDeliveries,
      templates,
      admission,
      config,
      prefix,
    });
    signedUrlRoutes(app, { templates, signer, config, prefix });
    templateRoutes(app, { templates: templateStore });
  };
}
