// Builds the Fastify app from its dependencies. No I/O at import time, nothing global:
// tests build an app per suite and call it with inject() or over a real socket.
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Authenticator } from '../auth/keys.ts';
import type { RequestLimits } from '../core/build-request.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { RenderPool } from '../core/render-pool.ts';
import type { Database } from '../storage/db/index.ts';
import type { HtmlCompiler } from '../templates/html/compile.ts';
import { requireApiKey } from './auth.ts';
import { registerErrorHandling } from './error-handler.ts';
import { compileValidator } from './validation.ts';
import { healthRoutes } from './routes/health.ts';
import { keyRoutes } from './routes/keys.ts';
import { templateRoutes } from './routes/templates.ts';
import { renderRoutes } from './routes/render.ts';
import { ErrorEnvelope } from './schemas/common.ts';

export interface AppDeps {
  pipeline: Pipeline;
  pool: RenderPool;
  authenticator: Authenticator;
  db: Database;
  html: HtmlCompiler;
  engineName: string;
  limits: RequestLimits & { bodyLimitBytes: number };
  logger?: boolean | { level: string };
}

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.limits.bodyLimitBytes,
  });
  app.setValidatorCompiler(compileValidator);
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorEnvelope);
  registerErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Placard',
        version: '1',
        description: 'Templates plus variables in, images out. Errors use one envelope with stable codes.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  healthRoutes(app, { pool: deps.pool, engine: deps.engineName });
  await app.register(async (v1) => {
    requireApiKey(v1, deps.authenticator);
    renderRoutes(v1, { pipeline: deps.pipeline, limits: deps.limits });
    keyRoutes(v1, { db: deps.db });
    templateRoutes(v1, { db: deps.db, html: deps.html, maxTemplateBytes: deps.limits.maxTemplateBytes });
  });
  return app;
}
