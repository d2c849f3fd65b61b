// Liveness and readiness, without an API key: for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PlacardError } from '../../core/errors.ts';
import type { RenderPool } from '../../core/render-pool.ts';
import type { Metrics } from '../../metrics.ts';

export interface HealthDeps {
  pool: RenderPool;
  metrics: Metrics;
  engine: string;
  /** Checks the database answers; a node that cannot reach it is not ready. */
  ping(): Promise<void>;
}

export function healthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  // Every reply is timed by its route pattern; unknown URLs count under "unmatched".
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get(
    '/metrics',
    { schema: { summary: 'Prometheus metrics', tags: ['health'] } },
    async (_request, reply) =>
      reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics()),
  );
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the process answers',
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the engine is loaded, the database answers, renders are accepted',
        tags: ['health'],
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            engine: Type.String(),
            renders: Type.Object({ active: Type.Integer(), waiting: Type.Integer() }),
          }),
        },
      },
    },
    async () => {
      try {
        await deps.ping();
      } catch (cause) {
        throw new PlacardError(
          'NOT_READY',
          `Not ready: the database does not answer (${(cause as Error).message}).`,
          { cause },
        );
      }
      return {
        status: 'ready' as const,
        engine: deps.engine,
        renders: { active: deps.pool.active, waiting: deps.pool.waiting },
      };
    },
  );
}
