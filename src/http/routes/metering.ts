// /v1/usage for every key, and two install-admin routes that put an account on a plan and
// change its credits. Register inside the authenticated /v1 scope (request.auth is set there).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlacardError } from '../../errors/placard-error.ts';
import type { Metering } from '../../metering/index.ts';
import { requireAdmin } from '../auth.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';
import { AccountParams, CreditsBody, PlanBody, UsageReply } from '../schemas/metering.ts';

function requireInstallAdmin(request: FastifyRequest): void {
  requireAdmin(request);
  if (!request.auth.installAdmin) {
    throw new PlacardError(
      'FORBIDDEN',
      "Only admin keys of the install account may change an account's plan or credits.",
    );
  }
}

export function meteringRoutes(app: FastifyInstance, deps: { metering: Metering }): void {
  const { metering } = deps;
  const usageOf = async (accountId: string) => ({
    account_id: accountId,
    ...(await metering.usage(accountId)),
  });

  app.get(
    '/v1/usage',
    {
      schema: {
        summary: "The account's plan, renders this month, credits and limits",
        tags: ['usage'],
        security: apiKeySecurity,
        response: { 200: UsageReply, ...errorResponses(401) },
      },
    },
    async (request) => usageOf(request.auth.accountId),
  );

  app.put<{ Params: AccountParams; Body: PlanBody }>(
    '/v1/accounts/:id/plan',
    {
      schema: {
        summary: "Put an account on a plan (install admin); replies with the account's usage",
        tags: ['usage'],
        security: apiKeySecurity,
        params: AccountParams,
        body: PlanBody,
        response: { 200: UsageReply, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireInstallAdmin(request);
      await metering.setPlan(request.params.id, request.body.plan);
      return usageOf(request.params.id);
    },
  );

  app.post<{ Params: AccountParams; Body: CreditsBody }>(
    '/v1/accounts/:id/credits',
    {
      schema: {
        summary: 'Add credits to an account, or remove them with a negative amount (install admin)',
        tags: ['usage'],
        security: apiKeySecurity,
        params: AccountParams,
        body: CreditsBody,
        response: { 200: UsageReply, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireInstallAdmin(request);
      await metering.addCredits(request.params.id, request.body.amount);
      return usageOf(request.params.id);
    },
  );
}
