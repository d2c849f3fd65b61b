// Authentication for compat dialects: each vendor sends its key its own way, but every key
// is one of ours. The hook sets request.auth like the native API's (src/http/auth.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext, Authenticator } from '../../../auth/keys.ts';
import { PlacardError } from '../../../core/errors.ts';
import { keyFrom } from '../../auth.ts';

/** Adds the key check to every route of `scope` except those `isPublic` names. */
export function requireDialectKey(
  scope: FastifyInstance,
  authenticator: Authenticator,
  isPublic: (request: FastifyRequest) => boolean = () => false,
): void {
  if (!scope.hasRequestDecorator('auth')) scope.decorateRequest('auth', null as unknown as AuthContext);
  scope.addHook('onRequest', async (request, reply) => {
    if (isPublic(request)) return;
    const key = keyFrom(request);
    if (!key) {
      throw new PlacardError(
        'UNAUTHORIZED',
        'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".',
      );
    }
    const auth = await authenticator.authenticate(key);
    if (!auth) throw new PlacardError('UNAUTHORIZED', 'Invalid API key.');
    request.auth = auth;
    if (authenticator.rateLimit) reply.headers(await authenticator.rateLimit(auth.accountId));
  });
}
