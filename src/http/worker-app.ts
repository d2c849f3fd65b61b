// The HTTP side of a worker node (`placard serve --role worker`): only /healthz, /readyz and
// /metrics, for the orchestrator and Prometheus. A worker takes its work from the queue, so
// it answers no API request: the routes are absent rather than refused.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { isLogger, type AppDeps } from './app.ts';
import { registerErrorHandling } from './error-handler.ts';
import { healthRoutes } from './routes/health.ts';

export function createWorkerApp(deps: AppDeps): FastifyInstance {
  const { services } = deps;
  const app = Fastify(
    isLogger(deps.logger)
      ? { loggerInstance: deps.logger as FastifyBaseLogger }
      : { logger: deps.logger ?? false },
  );
  registerErrorHandling(app);
  healthRoutes(app, {
    pool: services.pool,
    metrics: services.metrics,
    engine: services.engine.name,
    role: services.config.role,
    checks: services.readiness,
  });
  return app;
}
