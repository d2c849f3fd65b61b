// HTMLPix authentication: every route but GET /v1/image needs a key, sent as
// `Authorization: Bearer <key>` (the doc's way) or `x-api-key: <key>` (Placard's other way).
// Keys are Placard keys; the account travels on request.auth like on the native API, and the
// plan's per-minute limit is counted here, once per request, as on the native API.
import type { FastifyInstance } from 'fastify';
import type { AuthContext, Authenticator } from '../../../auth/keys.ts';
import { PlacardError } from '../../../core/errors.ts';
import { keyFrom } from '../../auth.ts';

/** Adds the key check to every route registered inside `scope`. */
export function requireHtmlpixKey(scope: FastifyInstance, authenticator: Authenticator): void {
  // The host app may have decorated `auth` already (an ancestor scope); decorating twice throws.
  if (!scope.hasRequestDecorator('auth')) scope.decorateRequest('auth', null as unknown as AuthContext);
  scope.addHook('onRequest', async (request, reply) => {
    const key = keyFrom(request);
    if (!key) {
      throw new PlacardError(
        'UNAUTHORIZED',
        'Missing API key: send "Authorization: Bearer <key>" (or "x-api-key: <key>").',
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
    // Throws RATE_LIMITED past the limit; the X-RateLimit-* headers go on every reply.
    if (authenticator.rateLimit) reply.headers(await authenticator.rateLimit(auth.accountId));
  });
}
