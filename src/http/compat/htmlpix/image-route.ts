// GET /v1/image: the public image a signed URL names (no key: the signature is the credential).
// Rendered on the first fetch, from the render cache after, with the native route's headers
// (src/http/routes/urls.ts sendPublicImage) translated to HTMLPix's: X-Cache is `r2` for a
// cached image and `render` for a fresh one; Server-Timing comes with fresh renders only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import { createRenderRequest, type RenderRequest } from '../../../core/render-request.ts';
import type { Signer } from '../../../core/signing.ts';
import { queryOf, signedImageVerifier, type SignedImage } from '../../../delivery/signed-urls.ts';
import { IMAGE_PATH, sendPublicImage } from '../../routes/urls.ts';
import { starterById } from './starters/index.ts';

export interface ImageRouteDeps {
  pipeline: Pipeline;
  signer: Signer;
  config: Config;
}

/** The template part of the render: a starter's code inline, else the pinned stored version. */
function templateOf(image: SignedImage): Pick<RenderRequest, 'template' | 'accountId'> {
  const starter = starterById(image.templateId);
  if (starter) return { template: { kind: 'jsx', source: starter.code } };
  return {
    template: { kind: 'stored', id: image.templateId, version: image.version },
    accountId: image.accountId,
  };
}

async function htmlpixCacheHeader(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const cache = reply.getHeader('x-cache');
  if (cache !== undefined) reply.header('x-cache', cache === 'HIT' ? 'r2' : 'render');
  return payload;
}

export function htmlpixImageRoute(app: FastifyInstance, deps: ImageRouteDeps): void {
  const verify = signedImageVerifier(deps.signer);
  app.get(
    IMAGE_PATH,
    {
      schema: { summary: 'Serve a signed image URL (public: no key)', tags: ['htmlpix'] },
      onSend: htmlpixCacheHeader,
    },
    async (request, reply) => {
      const image = verify(queryOf(request.url));
      const result = await deps.pipeline.render(
        createRenderRequest(
          {
            ...templateOf(image),
            variables: image.variables,
            width: image.width,
            height: image.height,
            // URLs minted here always carry a format; webp is HTMLPix's default for any other.
            format: image.format ?? 'webp',
            quality: image.quality,
            scale: image.scale,
          },
          deps.config,
        ),
      );
      return sendPublicImage(request, reply, result, image.expiresAt);
    },
  );
}
