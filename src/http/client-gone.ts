// Whether the client has hung up, so no reply can reach it.
//
// Only the response side can say so. The request stream is not a hang-up signal: Node destroys
// an IncomingMessage as soon as its body has been read (autoDestroy), so `request.raw.destroyed`
// is true for every POST whose error is raised after an await — reading it as "client gone"
// once left every pipeline error (a Handlebars syntax error, a missing template) unanswered.
import type { FastifyReply } from 'fastify';

export function clientGone(reply: FastifyReply): boolean {
  return reply.raw.destroyed || reply.raw.socket?.destroyed === true;
}
