// Signed URLs: POST /v1/urls mints one (or up to 25) signed, expiring public image URLs for a
// stored template; GET /v1/image serves them without a key: rendered on the first hit, from
// the cache after, with Cache-Control, ETag/304, X-Cache and Server-Timing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import type { Pipeline, RenderResult } from '../../core/pipeline.ts';
import { createRenderRequest, type RenderRequest } from '../../core/render-request.ts';
import type { Signer } from '../../core/signing.ts';
import { mintImageUrl, queryOf, signedImageVerifier, type SignedImage } from '../../delivery/signed-urls.ts';
import { checkVariablesAhead } from '../../templates/check-variables.ts';
import type { TemplateResolver } from '../../templates/resolver.ts';
import { admitted, type Admission } from '../admission.ts';
import { replyNotModified } from '../conditional.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses, imageResponse, notModifiedResponse } from '../schemas/common.ts';
import { OutputFields } from '../schemas/render.ts';

export const IMAGE_PATH = '/v1/image';
/** The longest a CDN or browser keeps an image without asking again. */
export const MAX_AGE_S = 86_400;

const UrlItem = Type.Object(
  {
    template_id: Type.String({ minLength: 1, maxLength: 64 }),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'Pin a template version.' })),
    variables: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    ...OutputFields,
    expires_in: Type.Optional(
      Type.Integer({ minimum: 60, maximum: 31_536_000, description: 'Seconds (default PLACARD_URL_TTL).' }),
    ),
  },
  { additionalProperties: false },
);
type UrlItem = Static<typeof UrlItem>;

const UrlsBody = Type.Union([
  UrlItem,
  Type.Object({ items: Type.Array(UrlItem, { minItems: 1, maxItems: 25 }) }, { additionalProperties: false }),
]);

const MintedUrl = Type.Object({ template_id: Type.String(), url: Type.String(), expires_at: Type.Integer() });

interface Deps {
  pipeline: Pipeline;
  templates: TemplateResolver;
  signer: Signer;
  config: Config;
  admission: Admission;
}

export function urlRoutes(app: FastifyInstance, deps: Deps): void {
  const mint = async (request: FastifyRequest, item: UrlItem) => {
    // A URL for a template that does not exist would only ever answer 404, and one with a
    // variable the template does not have would only ever answer 400: refuse both now.
    const template = await deps.templates.resolve(
      { kind: 'stored', id: item.template_id, version: item.version },
      request.auth.accountId,
    );
    checkVariablesAhead(template, item.variables ?? {});
    const { url, expiresAt } = mintImageUrl(
      deps.signer,
      {
        accountId: request.auth.accountId,
        templateId: item.template_id,
        version: item.version,
        variables: item.variables ?? {},
        width: item.width,
        height: item.height,
        format: item.format,
        quality: item.quality,
        scale: item.scale,
      },
      {
        ttlSeconds: item.expires_in ?? deps.config.urlTtl,
        origin: originOf(request, deps.config.baseUrl),
        path: IMAGE_PATH,
      },
    );
    return { template_id: item.template_id, url, expires_at: expiresAt };
  };

  app.post<{ Body: Static<typeof UrlsBody> }>(
    '/v1/urls',
    {
      schema: {
        summary: 'Mint signed, expiring public image URLs (one, or up to 25 with items)',
        tags: ['urls'],
        security: apiKeySecurity,
        body: UrlsBody,
        response: {
          200: Type.Union([MintedUrl, Type.Object({ urls: Type.Array(MintedUrl) })]),
          // 402: signed_urls outside the plan, or no credits; 429: rate limit or monthly quota.
          ...errorResponses(400, 401, 402, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const items = 'items' in body ? body.items : [body];
      // One unit of quota per URL minted; serving the image later is free.
      const urls = await admitted(
        deps.admission,
        request,
        reply,
        ['signed_urls'],
        async () => ({
          value: await Promise.all(items.map((item) => mint(request, item))),
          outcome: 'drawn',
        }),
        items.length,
      );
      return 'items' in body ? { urls } : urls[0];
    },
  );
}

/** GET /v1/image: public, the signature is the credential. */
export function signedImageRoutes(app: FastifyInstance, deps: Omit<Deps, 'templates' | 'admission'>): void {
  const verify = signedImageVerifier(deps.signer);
  // A verified URL is the same frozen object on every request (the verifier keeps it), so its
  // render request is made once too; being the same object lets the pipeline reuse its cache key.
  const requests = new WeakMap<SignedImage, RenderRequest>();
  const requestOf = (image: SignedImage) => {
    let made = requests.get(image);
    if (!made) {
      made = Object.freeze(
        createRenderRequest(
          {
            template: { kind: 'stored', id: image.templateId, version: image.version },
            accountId: image.accountId,
            variables: image.variables,
            width: image.width,
            height: image.height,
            format: image.format,
            quality: image.quality,
            scale: image.scale,
          },
          deps.config,
        ),
      );
      requests.set(image, made);
    }
    return made;
  };
  app.get<{ Querystring: Record<string, string> }>(
    IMAGE_PATH,
    {
      schema: {
        summary: 'Serve a signed image URL (public: no key)',
        tags: ['urls'],
        response: {
          200: imageResponse('The image, in the format the URL was minted for.'),
          304: notModifiedResponse,
          ...errorResponses(400, 403, 404, 410, 422, 500, 503, 504),
        },
      },
    },
    async (request, reply) => {
      const image = verify(queryOf(request.url));
      const result = await deps.pipeline.render(requestOf(image));
      return sendPublicImage(request, reply, result, image.expiresAt);
    },
  );
}

export function sendPublicImage(
  request: FastifyRequest,
  reply: FastifyReply,
  result: RenderResult,
  expiresAt: number,
) {
  const maxAge = Math.max(0, Math.min(MAX_AGE_S, Math.floor((expiresAt - Date.now()) / 1000)));
  const headers: Record<string, string> = {
    'cache-control': `public, max-age=${maxAge}`,
    'x-cache': result.cache === 'HIT' ? 'HIT' : 'MISS',
  };
  if (result.cache !== 'HIT') headers['server-timing'] = `render;dur=${result.renderMs.toFixed(1)}`;
  if (replyNotModified(request, reply, result.etag, headers)) return reply;
  return reply
    .headers({
      ...headers,
      etag: result.etag,
      'content-type': result.contentType,
      'content-length': String(result.data.length),
    })
    .send(result.data);
}
