// The public origin for URLs Placard mints: PLACARD_BASE_URL when set (behind a proxy or CDN),
// else what the request itself was sent to.
import type { FastifyRequest } from 'fastify';

export function originOf(request: FastifyRequest, configured: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}
