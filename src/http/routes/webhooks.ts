// GET /v1/webhooks/secret (admin): the account's webhook signing secret, so receivers can
// check X-Placard-Signature (see README "Webhooks").
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { webhookSecret } from '../../delivery/webhooks.ts';
import type { Database } from '../../storage/db/index.ts';
import { requireAdmin } from '../auth.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';

export function webhookRoutes(app: FastifyInstance, deps: { db: Database }): void {
  app.get(
    '/v1/webhooks/secret',
    {
      schema: {
        summary: "The account's webhook signing secret (admin)",
        tags: ['jobs'],
        security: apiKeySecurity,
        response: { 200: Type.Object({ secret: Type.String() }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { secret: await webhookSecret(deps.db, request.auth.accountId) };
    },
  );
}
