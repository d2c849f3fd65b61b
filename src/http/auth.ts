// Authentication for /v1: `Authorization: Bearer <key>` or `x-api-key: <key>`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeyStore } from '../auth/keys.ts';
import { PlacardError } from '../core/errors.ts';

export function keyFrom(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const apiKey = request.headers['x-api-key'];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}

/** Adds the key check to every route registered inside `scope`. */
export function requireApiKey(scope: FastifyInstance, keys: KeyStore): void {
  scope.addHook('onRequest', async (request) => {
    const key = keyFrom(request);
    if (!key) {
      throw new PlacardError(
        'UNAUTHORIZED',
        'Missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>".',
      );
    }
    if (!keys.verify(key)) {
      throw new PlacardError(
        'UNAUTHORIZED',
        `Unknown API key starting with ${JSON.stringify(key.slice(0, 7))}.`,
      );
    }
  });
}
