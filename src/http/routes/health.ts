// Liveness and readiness, without an API key: for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PlacardError } from '../../errors/placard-error.ts';
import type { RenderPool } from '../../core/render-pool.ts';
import type { Metrics } from '../../metrics.ts';
import type { ReadinessCheck } from '../../services.ts';

export interface HealthDeps {
  pool: RenderPool;
  metrics: Metrics;
  engine: string;
  /** This node's role (api, worker, all), shown so a probe says what it asked. */
  role: string;
  /** What this node depends on (database, Redis, blob store, Chromium); one failing: not ready. */
  checks: ReadinessCheck[];
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
        summary:
          "Readiness: the engine is loaded and every dependency of this node's role answers (database, Redis, blob store, Chromium)",
        tags: ['health'],
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            engine: Type.String(),
            role: Type.String(),
            checked: Type.Array(Type.String()),
            renders: Type.Object({ active: Type.Integer(), waiting: Type.Integer() }),
          }),
        },
      },
    },
    async () => {
      // All at once, so a probe takes as long as the slowest dependency, not their sum.
      const results = await Promise.allSettled(deps.checks.map((c) => c.check()));
      const failed = deps.checks.flatMap((c, i) => {
        const result = results[i];
        return result?.status === 'rejected' ? [`${c.name}: ${(result.reason as Error).message}`] : [];
      });
      if (failed.length > 0) {
        throw new PlacardError('NOT_READY', `Not ready: ${failed.join('; ')}.`, {
          details: {
            failed: deps.checks.filter((_, i) => results[i]?.status === 'rejected').map((c) => c.name),
          },
        });
      }
      return {
        status: 'ready' as const,
        engine: deps.engine,
        role: deps.role,
        checked: deps.checks.map((c) => c.name),
        renders: { active: deps.pool.active, waiting: deps.pool.waiting },
      };
    },
  );
}
