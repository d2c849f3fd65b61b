// /v1/keys: admin keys create, list and revoke the keys of their account. Install admins
// (admin keys of the install's own account) may also create accounts and their first keys.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { generateKey } from '../../auth/keys.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import type { ApiKey, Database } from '../../storage/db/index.ts';
import { requireAdmin } from '../auth.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { CreateKeyBody, CreatedKeyReply, KeyReply } from '../schemas/keys.ts';

export const keyReply = (key: ApiKey) => ({
  id: key.id,
  account_id: key.accountId,
  name: key.name,
  prefix: key.prefix,
  role: key.role,
  created_at: key.createdAt,
  last_used_at: key.lastUsedAt,
  revoked_at: key.revokedAt,
});

export function keyRoutes(app: FastifyInstance, deps: { db: Database }): void {
  const { db } = deps;

  app.post<{ Body: CreateKeyBody }>(
    '/v1/keys',
    {
      schema: {
        summary: 'Create an API key (admin)',
        tags: ['keys'],
        security: apiKeySecurity,
        body: CreateKeyBody,
        response: { 201: CreatedKeyReply, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { name, role = 'member', account_id, new_account_name } = request.body;
      if ((account_id || new_account_name) && !request.auth.installAdmin) {
        throw new PlacardError(
          'FORBIDDEN',
          'Only admin keys of the install account may create keys for other accounts.',
        );
      }
      if (account_id && new_account_name) {
        throw new PlacardError('VALIDATION_FAILED', 'Send account_id or new_account_name, not both.');
      }
      let accountId = account_id ?? request.auth.accountId;
      if (new_account_name) accountId = (await db.accounts.create({ name: new_account_name })).id;
      else if (!(await db.accounts.get(accountId))) {
        throw new PlacardError('NOT_FOUND', `No account ${JSON.stringify(accountId)}.`);
      }
      const created = generateKey();
      const stored = await db.keys.create({
        accountId,
        name,
        role,
        hash: created.hash,
        prefix: created.prefix,
      });
      return reply.status(201).send({ ...keyReply(stored), key: created.key });
    },
  );

  app.get(
    '/v1/keys',
    {
      schema: {
        summary: "List the account's API keys (admin)",
        tags: ['keys'],
        security: apiKeySecurity,
        response: { 200: Type.Object({ keys: Type.Array(KeyReply) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      requireAdmin(request);
      return { keys: (await db.keys.list(request.auth.accountId)).map(keyReply) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/keys/:id',
    {
      schema: {
        summary: 'Revoke an API key (admin)',
        tags: ['keys'],
        security: apiKeySecurity,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const revoked = await db.keys.revoke(request.auth.accountId, request.params.id);
      if (!revoked)
        throw new PlacardError(
          'NOT_FOUND',
          `No active key ${JSON.stringify(request.params.id)} in this account.`,
        );
      return reply.status(204).send();
    },
  );
}
