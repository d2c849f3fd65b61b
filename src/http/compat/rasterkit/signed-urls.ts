// POST /v1/signed-urls (x-api-key): mints a signed, expiring GET /v1/image URL for embeds
// (<img src>, emails) — what RasterKit's dashboard does. The fields are checked and the
// template looked up now, so a URL that could only ever fail is never handed out.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../../config.ts';
import type { Signer } from '../../../core/signing.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import { originOf } from '../../origin.ts';
import { rasterkitRequest } from './request.ts';
import { SignBody } from './schemas.ts';
import { fieldsToQuery, signImageQuery } from './signing.ts';

interface Deps {
  templates: TemplateResolver;
  signer: Signer;
  config: Config;
  prefix: string;
}

const SignedUrlReply = Type.Object({
  url: Type.String(),
  expires: Type.Integer({ description: 'Unix seconds.' }),
  expires_at: Type.String(),
});

export function signedUrlRoutes(app: FastifyInstance, deps: Deps): void {
  app.post<{ Body: SignBody }>(
    '/v1/signed-urls',
    {
      schema: {
        summary: 'RasterKit: mint a signed GET /v1/image URL (no key needed to fetch it)',
        tags: ['compat-rasterkit'],
        body: SignBody,
        response: { 200: SignedUrlReply },
      },
    },
    async (request) => {
      const { expires_in: expiresIn, ...fields } = request.body;
      const { accountId } = request.auth;
      await rasterkitRequest(fields, accountId, deps);
      const expires = Math.floor(Date.now() / 1000) + (expiresIn ?? deps.config.urlTtl);
      const query = signImageQuery(deps.signer, fieldsToQuery(fields), accountId, expires);
      return {
        url: `${originOf(request, deps.config.baseUrl)}${deps.prefix}/v1/image?${query.toString()}`,
        expires,
        expires_at: new Date(expires * 1000).toISOString(),
      };
    },
  );
}
