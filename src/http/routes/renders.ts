// Stored renders: GET /v1/renders/:id (metadata, the owner's key) and the public, stable,
// cacheable GET /r/<id>.<ext> that serves the bytes when Placard holds the blobs.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import { renderReply, type RenderStore } from '../../delivery/render-store.ts';
import type { Database } from '../../storage/db/index.ts';
import { replyNotModified } from '../conditional.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses, imageResponse, notModifiedResponse } from '../schemas/common.ts';

export const StoredRenderReply = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'Public, stable and cacheable.' }),
  width: Type.Integer(),
  height: Type.Integer(),
  format: Type.String(),
  bytes: Type.Integer(),
  render_ms: Type.Number(),
  created_at: Type.String(),
});

interface Deps {
  db: Database;
  renders: RenderStore;
  config: Config;
}

const missing = (id: string) => new PlacardError('NOT_FOUND', `No render ${JSON.stringify(id)}.`);

export function renderReadRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { id: string } }>(
    '/v1/renders/:id',
    {
      schema: {
        summary: 'A stored render: its public URL, size, format and bytes',
        tags: ['renders'],
        security: apiKeySecurity,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: StoredRenderReply, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const render = await deps.db.renders.get(request.auth.accountId, request.params.id);
      if (!render) throw missing(request.params.id);
      return renderReply(render, deps.renders.urlFor(render, originOf(request, deps.config.baseUrl)));
    },
  );
}

/** No key: the id (96 random bits) is the capability, as with any public CDN URL. */
export function publicRenderRoutes(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { file: string } }>(
    '/r/:file',
    {
      schema: {
        summary: 'The bytes of a stored render (public)',
        tags: ['renders'],
        params: Type.Object({ file: Type.String({ maxLength: 80 }) }),
        response: {
          200: imageResponse('The stored image, immutable.'),
          304: notModifiedResponse,
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const id = request.params.file.replace(/\.[a-z]+$/i, '');
      const render = await deps.db.renders.find(id);
      const data = render && (await deps.renders.read(render));
      if (!render || !data) throw missing(id);
      const headers = { 'cache-control': 'public, max-age=31536000, immutable' };
      if (replyNotModified(request, reply, render.etag, headers)) return reply;
      return reply
        .headers({
          ...headers,
          etag: render.etag,
          'content-type': render.contentType,
          'content-length': String(data.length),
        })
        .send(data);
    },
  );
}
