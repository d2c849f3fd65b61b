// A tiny Fastify app for the metering route tests: the real validator and error handler, the
// metering routes, and an `x-test-as` header standing in for API-key auth. It also has a
// stand-in render route that meters the way a real one should, in the documented order.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AuthContext } from '../../src/auth/keys.ts';
import { INSTALL_ACCOUNT_ID } from '../../src/auth/keys.ts';
import { PlacardError } from '../../src/errors/placard-error.ts';
import { registerErrorHandling } from '../../src/http/error-handler.ts';
import { ErrorEnvelope } from '../../src/http/schemas/common.ts';
import { compileValidator } from '../../src/http/validation.ts';
import { meteringRoutes } from '../../src/http/routes/metering.ts';
import { rateLimitHeaders, type Feature, type Metering } from '../../src/metering/index.ts';

/** `x-test-as: <role>:<accountId>`; role install-admin | admin | member. */
function authFrom(header: string | string[] | undefined): AuthContext {
  const [role = '', accountId = ''] = String(header ?? '').split(':');
  if (role === 'install-admin') {
    return { accountId: INSTALL_ACCOUNT_ID, keyId: null, role: 'admin', installAdmin: true };
  }
  if (role !== 'admin' && role !== 'member') throw new PlacardError('UNAUTHORIZED', 'No x-test-as header.');
  return { accountId, keyId: 'key_test', role, installAdmin: false };
}

export async function createMeteringApp(metering: Metering): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(compileValidator);
  app.addSchema(ErrorEnvelope);
  registerErrorHandling(app);
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request) => {
    request.auth = authFrom(request.headers['x-test-as']);
  });
  meteringRoutes(app, { metering });

  // The order a render route follows: rate limit, feature, reserve, render, commit or refund.
  app.post<{ Querystring: { format?: Feature; fail?: string; cached?: string } }>(
    '/v1/test-render',
    async (request, reply) => {
      const { accountId } = request.auth;
      reply.headers(rateLimitHeaders(await metering.rateLimit(accountId)));
      await metering.requireFeature(accountId, request.query.format ?? 'png');
      const reservation = await metering.reserve(accountId);
      try {
        if (request.query.fail) throw new PlacardError('RENDER_FAILED', 'The stand-in engine failed.');
        if (request.query.cached)
          await reservation.refund(); // a cache hit costs nothing
        else await reservation.commit();
        return { ok: true, credits: reservation.credits };
      } catch (error) {
        await reservation.refund();
        throw error;
      }
    },
  );
  return app;
}
