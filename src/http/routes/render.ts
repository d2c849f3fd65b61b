// POST /v1/render: a template and variables in; the image bytes out, or (response "url") the
// stored image's public URL, or (async) a job that stores it and calls a webhook.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import type { Fetcher } from '../../core/fetch-guard/index.ts';
import type { CallerSignal, Pipeline, RenderResult } from '../../core/pipeline.ts';
import type { RenderRequest } from '../../core/render-request.ts';
import { checkJobAhead } from '../../delivery/accept-check.ts';
import type { RenderJobPayload } from '../../delivery/render-jobs.ts';
import { renderReply, type RenderStore } from '../../delivery/render-store.ts';
import { checkWebhookAddress } from '../../delivery/webhook-address.ts';
import { webhookView } from '../../delivery/webhook-view.ts';
import type { FitReport } from '../../fit/index.ts';
import type { JobQueue } from '../../queue/types.ts';
import type { TemplateResolver } from '../../templates/resolver.ts';
import { lazyAbandonedSignal } from '../compat/shared/abandoned.ts';
import { admittedOnDraw, type Admission, type Feature } from '../admission.ts';
import { replyNotModified } from '../conditional.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses, imageResponse, notModifiedResponse } from '../schemas/common.ts';
import { RenderBody, requestFromBody } from '../schemas/render.ts';
import { JobReply, jobReply } from './jobs.ts';
import { StoredRenderReply } from './renders.ts';

export interface RenderRouteDeps {
  pipeline: Pipeline;
  renders: RenderStore;
  queue: JobQueue;
  /** Judges an async job's webhook_url when the job is accepted. */
  fetcher: Fetcher;
  config: Config;
  admission: Admission;
  /** Checks an async job's template and variables when it is accepted. */
  templates: TemplateResolver;
}

/** The plan features a render body uses (its format, when it names one; async). */
export function featuresOf(body: RenderBody): Feature[] {
  const features: Feature[] = [body.format ?? 'png'];
  if (body.async) features.push('async');
  if (body.engine === 'chromium') features.push('chromium');
  return features;
}

const cacheHeader = (result: RenderResult) => (result.cache === 'HIT' ? 'HIT' : 'MISS');

export function sendImage(reply: FastifyReply, result: RenderResult): FastifyReply {
  const timing = Object.entries(result.timings)
    .map(([step, ms]) => `${step};dur=${ms.toFixed(1)}`)
    .join(', ');
  reply.headers({
    'content-type': result.contentType,
    'content-length': String(result.data.length),
    etag: result.etag,
    'x-render-ms': result.renderMs.toFixed(1),
    'x-engine': result.engine,
    'x-image-width': String(result.width),
    'x-image-height': String(result.height),
    'server-timing': timing,
    'x-cache': cacheHeader(result),
  });
  if (result.fontFallbacks.length > 0) {
    reply.header('x-font-fallback', `${result.fontFallbacks.join(', ')} -> Inter`);
  }
  if (result.fit) reply.headers(fitHeaders(result.fit));
  if (result.engineWarning) reply.header('x-engine-warning', result.engineWarning);
  return reply.send(result.data);
}

/**
 * Text fit as headers: `X-Text-Fit: title;lines=2;max=3;overflow=0, description;lines=3;...`
 * (max: the clamp, or `none`) and `X-Layout-Overflow: true|false`.
 */
export function fitHeaders(fit: FitReport): Record<string, string> {
  const entries = fit.elements.map(
    (e) => `${e.name};lines=${e.lines};max=${e.maxLines ?? 'none'};overflow=${e.overflow ? 1 : 0}`,
  );
  return { 'x-text-fit': entries.join(', '), 'x-layout-overflow': String(!fit.fits) };
}

/**
 * Renders one body, charging the plan only when the image is drawn (admittedOnDraw): a failed
 * render or a cache hit costs nothing. POST /v1/render and each sync batch item.
 */
export function renderChargedOnDraw(
  deps: Pick<RenderRouteDeps, 'admission' | 'pipeline'>,
  request: FastifyRequest,
  reply: FastifyReply,
  body: RenderBody,
  renderRequest: RenderRequest,
  signal?: CallerSignal,
): Promise<RenderResult> {
  return admittedOnDraw(deps.admission, request, reply, featuresOf(body), async (charge) => {
    const value = await deps.pipeline.render(renderRequest, signal, { beforeDraw: charge });
    return { value, outcome: value.cache === 'HIT' ? 'cached' : 'drawn' };
  });
}

export function renderRoutes(app: FastifyInstance, deps: RenderRouteDeps): void {
  // A body sent again is the same frozen object (repeated-bodies.ts): its render request is made
  // once per account, and being the same object, the pipeline reuses its cache key.
  const requests = new WeakMap<RenderBody, { accountId: string; request: RenderRequest }>();
  const requestOf = (body: RenderBody, accountId: string): RenderRequest => {
    const known = requests.get(body);
    if (known?.accountId === accountId) return known.request;
    const request = requestFromBody(body, deps.config, accountId);
    if (!Object.isFrozen(body)) return request;
    Object.freeze(request);
    requests.set(body, { accountId, request });
    return request;
  };
  app.post<{ Body: RenderBody }>(
    '/v1/render',
    {
      schema: {
        summary: 'Render a template to an image',
        description:
          'Renders one template (inline `html`, `jsx` or `elements`, a `preset`, or a stored `template_id` with an ' +
          'optional `version`) with `variables`. Answers the image bytes (ETag, X-Cache, X-Render-Ms, X-Engine, ' +
          'X-Font-Fallback), or with `response: "url"` the stored image, or with `async: true` a 202 job.',
        tags: ['render'],
        security: apiKeySecurity,
        body: RenderBody,
        response: {
          200: imageResponse(
            'The image in the requested format, or with `response: "url"` the stored image as JSON.',
            StoredRenderReply,
          ),
          202: JobReply,
          304: notModifiedResponse,
          // 402: a feature outside the plan, or no credits; 429: rate limit or monthly quota;
          // 501: engine "chromium" without Chromium installed.
          ...errorResponses(400, 401, 402, 404, 413, 415, 422, 429, 500, 501, 503, 504),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const renderRequest = requestOf(body, request.auth.accountId);
      if (body.webhook_url !== undefined && !body.async) {
        throw new PlacardError(
          'VALIDATION_FAILED',
          'body.webhook_url needs async: true; received async: false.',
          {
            details: { field: 'body.webhook_url' },
          },
        );
      }
      if (body.async) {
        // The job is charged when it runs (a failed render costs nothing); the plan is checked now.
        await deps.admission.requireFeatures(request, featuresOf(body));
        return enqueue(request, reply, deps, {
          request: renderRequest,
          origin: originOf(request, deps.config.baseUrl),
          webhookUrl: body.webhook_url,
        });
      }

      const result = await renderChargedOnDraw(
        deps,
        request,
        reply,
        body,
        renderRequest,
        lazyAbandonedSignal(reply),
      );
      if (body.response === 'url' || body.response === 'json') {
        const stored = await deps.renders.save(result, request.auth.accountId);
        reply.header('x-cache', cacheHeader(result));
        return renderReply(stored, deps.renders.urlFor(stored, originOf(request, deps.config.baseUrl)));
      }
      if (replyNotModified(request, reply, result.etag, { 'x-cache': cacheHeader(result) })) return reply;
      return sendImage(reply, result);
    },
  );
}

async function enqueue(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: RenderRouteDeps,
  payload: RenderJobPayload,
) {
  // Refused before anything is queued or charged: a webhook that could never go is a 400.
  if (payload.webhookUrl !== undefined) {
    await checkWebhookAddress(deps.fetcher, payload.webhookUrl, 'body.webhook_url');
  }
  await checkJobAhead(deps.templates, payload.request);
  const job = await deps.queue.enqueue({ accountId: request.auth.accountId, payload });
  const webhook = payload.webhookUrl === undefined ? undefined : webhookView(payload.webhookUrl, []);
  return reply.status(202).send(jobReply(job, originOf(request, deps.config.baseUrl), webhook));
}
