// Liveness and readiness, without an API key: for load balancers and orchestrators.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { RenderPool } from '../../core/render-pool.ts';

export function healthRoutes(app: FastifyInstance, deps: { pool: RenderPool; engine: string }): void {
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
        summary: 'Readiness: the engine is loaded and renders are being accepted',
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
    async () => ({
      status: 'ready' as const,
      engine: deps.engine,
      renders: { active: deps.pool.active, waiting: deps.pool.waiting },
    }),
  );
}
