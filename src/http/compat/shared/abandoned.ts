// A signal that aborts when the client hangs up before its image is ready, so the pipeline
// stops work nobody will read (the same rule as the native POST /v1/render).
import type { FastifyReply } from 'fastify';

export function abandonedSignal(reply: FastifyReply): AbortSignal {
  const abandoned = new AbortController();
  // The request stream closes as soon as its body is read; the response closing early is the signal.
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) abandoned.abort(new Error('client closed the connection'));
  });
  return abandoned.signal;
}
