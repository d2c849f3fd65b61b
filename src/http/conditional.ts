// If-None-Match handling: a client (or CDN) that already has these bytes gets 304.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9110 weak comparison: W/ prefixes are ignored, `*` matches anything. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Answers 304 with the validator headers when the client's copy is current. */
export function replyNotModified(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  headers: Record<string, string>,
): boolean {
  if (!matchesEtag(request.headers['if-none-match'], etag)) return false;
  void reply
    .status(304)
    .headers({ etag, ...headers })
    .send();
  return true;
}
