// Authentication for /v1: `Authorization: Bearer <key>` or `x-api-key: <key>`. The caller's
// account travels on the request as `request.auth`; every resource is scoped to it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthContext, Authenticator } from '../auth/keys.ts';
import { PlacardError } from '../errors/placard-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
}

export function keyFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}

/**
 * Adds the key check to every route of `scope` (the native API and every compat dialect),
 * except those `isPublic` names (signed image URLs). Also counts the request against the
 * plan's per-minute limit, once, and puts the X-RateLimit-* headers on the reply.
 */
export function requireApiKey(
  scope: FastifyInstance,
  authenticator: Authenticator,
  isPublic: (request: FastifyRequest) => boolean = () => false,
): void {
  // An ancestor scope may have decorated `auth` already; decorating twice throws.
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
    if (!auth) {
      throw new PlacardError(
        'UNAUTHORIZED',
        `Unknown or revoked API key starting with ${JSON.stringify(key.slice(0, 8))}.`,
      );
    }
    request.auth = auth;
    if (authenticator.rateLimit) reply.headers(await authenticator.rateLimit(auth.accountId));
  });
}

export function requireAdmin(request: FastifyRequest): void {
  if (request.auth.role !== 'admin') {
    throw new PlacardError('FORBIDDEN', 'This route needs an admin key; the key used has the member role.');
  }
}
