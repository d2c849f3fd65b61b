// POST /v1/image (x-api-key) and its GET variant (signed, or with a key): RasterKit's render
// fields in, the image bytes out with x-rasterkit-cache (HIT|MISS) and x-rasterkit-render-ms.
// async: true hands the render to the job queue instead (jobs.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Config } from '../../../config.ts';
import { PlacardError } from '../../../errors/placard-error.ts';
import type { Pipeline, RenderResult } from '../../../core/pipeline.ts';
import type { WebhookAddressCheck } from '../../../delivery/webhook-address.ts';
import type { Signer } from '../../../core/signing.ts';
import type { JobQueue } from '../../../queue/types.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import { admitted, type Admission, type Feature } from '../../admission.ts';
import { replyNotModified } from '../../conditional.ts';
import { MAX_AGE_S } from '../../routes/urls.ts';
import { assertValid } from '../../validation.ts';
import { lazyAbandonedSignal } from '../shared/abandoned.ts';
import { enqueueRender } from './jobs.ts';
import { defaults, rasterkitRequest } from './request.ts';
import { ImageBody, ImageQuery } from './schemas.ts';
import { queryFields, verifyImageQuery } from './signing.ts';

export interface ImageDeps {
  pipeline: Pipeline;
  templates: TemplateResolver;
  queue: JobQueue;
  /** Judges an async job's webhook_url when the job is accepted. */
  checkWebhook: WebhookAddressCheck;
  signer: Signer;
  admission: Admission;
  config: Config;
  /** Where the dialect is mounted, for the status_url of async jobs. */
  prefix: string;
  /** The per-minute limit (the key hook counts keyed requests; signed ones are counted here). */
  rateLimit: Authenticator['rateLimit'];
}

/**
 * Keyed replies may be kept by browsers and CDNs for cache_ttl seconds. A signed GET is a
 * public image URL, so it is cacheable like the native and HTMLPix ones (urls.ts
 * sendPublicImage): for cache_ttl, else a day, never past the URL's expiry; and it answers
 * 304 to a matching If-None-Match.
 */
function sendImage(
  request: FastifyRequest,
  reply: FastifyReply,
  result: RenderResult,
  cacheTtl: number,
  expires?: number,
) {
  const headers: Record<string, string> = {
    'x-rasterkit-cache': result.cache === 'HIT' ? 'HIT' : 'MISS',
    'x-rasterkit-render-ms': String(Math.round(result.renderMs)),
  };
  const maxAge =
    expires === undefined
      ? cacheTtl
      : Math.max(0, Math.min(cacheTtl || MAX_AGE_S, expires - Math.floor(Date.now() / 1000)));
  if (maxAge > 0 || expires !== undefined) headers['cache-control'] = `public, max-age=${maxAge}`;
  if (expires !== undefined && replyNotModified(request, reply, result.etag, headers)) return reply;
  return reply
    .headers({
      ...headers,
      'content-type': result.contentType,
      'content-length': String(result.data.length),
      etag: result.etag,
    })
    .send(result.data);
}

async function renderImage(
  request: FastifyRequest,
  reply: FastifyReply,
  fields: ImageQuery,
  deps: ImageDeps,
  signed?: { expires: number },
) {
  const features: Feature[] = [
    fields.format ?? defaults.format,
    ...(signed ? (['signed_urls'] as const) : []),
  ];
  const result = await admitted(deps.admission, request, reply, features, async () => {
    const renderRequest = await rasterkitRequest(fields, request.auth.accountId, deps);
    const rendered = await deps.pipeline.render(renderRequest, lazyAbandonedSignal(reply));
    return { value: rendered, outcome: rendered.cache === 'HIT' ? 'cached' : 'drawn' };
  });
  return sendImage(request, reply, result, fields.cache_ttl ?? defaults.cacheTtl, signed?.expires);
}

export function imageRoutes(app: FastifyInstance, deps: ImageDeps): void {
  app.post<{ Body: ImageBody }>(
    '/v1/image',
    {
      schema: {
        summary: 'RasterKit: render a template to an image (or 202 with a job when async)',
        tags: ['compat-rasterkit'],
        body: ImageBody,
      },
    },
    async (request, reply) => {
      const { async: isAsync, webhook_url: webhookUrl, ...fields } = request.body;
      if (webhookUrl !== undefined && isAsync !== true) {
        throw new PlacardError('VALIDATION_FAILED', 'webhook_url needs async: true; received async: false.', {
          details: { field: 'webhook_url', allowed: 'webhook_url together with async: true' },
        });
      }
      if (isAsync) return enqueueRender(request, reply, fields, webhookUrl, deps);
      return renderImage(request, reply, fields, deps);
    },
  );

  app.get(
    '/v1/image',
    {
      schema: {
        summary: 'RasterKit: the signed GET variant (no key), or the same query with a key',
        tags: ['compat-rasterkit'],
      },
    },
    async (request, reply) => {
      const params = new URLSearchParams(request.url.split('?')[1] ?? '');
      let signed: { expires: number } | undefined;
      if (params.has('signature')) {
        const verified = verifyImageQuery(deps.signer, params);
        // The URL is the credential: it renders as the account that signed it.
        request.auth = { accountId: verified.accountId, keyId: null, role: 'member', installAdmin: false };
        // No key hook ran: the account's per-minute limit is counted here.
        if (deps.rateLimit) reply.headers(await deps.rateLimit(verified.accountId));
        signed = verified;
      } else if (params.has('expires') || params.has('account_id')) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          'expires and account_id belong to a signed URL, which also carries its signature; without one, send x-api-key.',
        );
      }
      const fields = assertValid<ImageQuery>(ImageQuery, queryFields(params), 'query');
      return renderImage(request, reply, fields, deps, signed);
    },
  );
}
