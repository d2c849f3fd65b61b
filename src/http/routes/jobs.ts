// GET /v1/jobs/:id: an async render's state — queued, running, succeeded (with the stored
// image) or failed (with the error). Another account's job reads as missing.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.ts';
import { PlacardError } from '../../core/errors.ts';
import type { Job, JobQueue } from '../../queue/types.ts';
import { originOf } from '../origin.ts';
import { apiKeySecurity, errorResponses } from '../schemas/common.ts';

export const JobReply = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'queued, running, succeeded or failed' }),
  status_url: Type.String(),
  attempts: Type.Integer(),
  result: Type.Optional(
    Type.Unknown({ description: 'The stored render (id, url, width, height, format, bytes).' }),
  ),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export function jobReply(job: Job, origin: string) {
  return {
    id: job.id,
    status: job.status,
    status_url: `${origin}/v1/jobs/${job.id}`,
    attempts: job.attempts,
    ...(job.result !== null && job.result !== undefined && { result: job.result }),
    ...(job.error && { error: job.error }),
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

export function jobRoutes(app: FastifyInstance, deps: { queue: JobQueue; config: Config }): void {
  app.get<{ Params: { id: string } }>(
    '/v1/jobs/:id',
    {
      schema: {
        summary: 'An async render job',
        tags: ['jobs'],
        security: apiKeySecurity,
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: JobReply, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const job = await deps.queue.get(request.auth.accountId, request.params.id);
      if (!job)
        throw new PlacardError('NOT_FOUND', `No job ${JSON.stringify(request.params.id)} in this account.`);
      return jobReply(job, originOf(request, deps.config.baseUrl));
    },
  );
}
