// POST /v1/render: an inline HTML + Handlebars template and variables in, image bytes out.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { buildRenderRequest, type RequestLimits } from '../../core/build-request.ts';
import type { Pipeline, RenderResult } from '../../core/pipeline.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { RenderBody, renderInput } from '../schemas/render.ts';

export interface RenderRouteDeps {
  pipeline: Pipeline;
  limits: RequestLimits;
}

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
  });
  if (result.fontFallbacks.length > 0) {
    reply.header('x-font-fallback', `${result.fontFallbacks.join(', ')} -> Inter`);
  }
  return reply.send(result.data);
}

export function renderRoutes(app: FastifyInstance, deps: RenderRouteDeps): void {
  app.post<{ Body: RenderBody }>(
    '/v1/render',
    {
      schema: {
        summary: 'Render a template to an image',
        description:
          'Renders one template (inline `html`, `jsx` or `elements`, a `preset`, or a stored `template_id` with an ' +
          'optional `version`) with `variables` and answers the image bytes. ' +
          'Headers: ETag (content hash), X-Render-Ms, X-Engine, X-Font-Fallback (families drawn in Inter instead).',
        tags: ['render'],
        security: apiKeySecurity,
        body: RenderBody,
        response: {
          200: Type.String({ description: 'The image (png, jpeg, webp, avif) or a PDF.', format: 'binary' }),
          ...errorResponses(400, 401, 404, 413, 415, 422, 500, 503, 504),
        },
      },
    },
    async (request, reply) => {
      const renderRequest = buildRenderRequest(
        renderInput(request.body, request.auth.accountId),
        deps.limits,
      );
      // Stop work nobody will read: the client hung up before the image was ready.
      const abandoned = new AbortController();
      // (The request stream closes as soon as its body is read; the response closing early is the signal.)
      reply.raw.once('close', () => {
        if (!reply.raw.writableEnded) abandoned.abort(new Error('client closed the connection'));
      });
      const result = await deps.pipeline.render(renderRequest, abandoned.signal);
      return sendImage(reply, result);
    },
  );
}
