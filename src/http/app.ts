// Builds the Fastify app from the services. No I/O at import time, nothing global: tests
// build an app per suite and call it with inject() or over a real socket.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Logger } from 'pino';
import { audomeDialect } from './compat/audome/index.ts';
import { audomeErrors } from './compat/audome/errors.ts';
import { sendHtmlpixError } from './compat/htmlpix/errors.ts';
import { ogErrors } from './compat/og-engine/errors.ts';
import { rasterkitErrors } from './compat/rasterkit/errors.ts';
import { htmlpixDialect } from './compat/htmlpix/index.ts';
import { rasterkitDialect } from './compat/rasterkit/index.ts';
import { ogEngineDialect } from './compat/og-engine/index.ts';
import type { ServerServices } from '../services.ts';
import { keepRepeatedBodies } from './repeated-bodies.ts';
import { requireApiKey } from './auth.ts';
import { registerErrorHandling } from './error-handler.ts';
import { frameworkErrorHandler, MAX_PARAM_LENGTH, type PathEnvelope } from './framework-errors.ts';
import { registerLoadShedding } from './load-shedding.ts';
import { batchRoutes } from './routes/batch.ts';
import { fontRoutes } from './routes/fonts.ts';
import { tailwindRoutes } from './routes/tailwind.ts';
import { healthRoutes } from './routes/health.ts';
import { jobRoutes } from './routes/jobs.ts';
import { keyRoutes } from './routes/keys.ts';
import { meteringRoutes } from './routes/metering.ts';
import { renderRoutes } from './routes/render.ts';
import { publicRenderRoutes, renderReadRoutes } from './routes/renders.ts';
import { templateRoutes } from './routes/templates.ts';
import { signedImageRoutes, urlRoutes } from './routes/urls.ts';
import { studioRoutes } from './routes/studio.ts';
import { templateSchemaRoutes } from './routes/template-schema.ts';
import { validateRoutes } from './routes/validate.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { addKeyedErrorResponses, ErrorEnvelope } from './schemas/common.ts';
import { compileValidator } from './validation.ts';

/** Where each dialect is mounted. */
export const compatPrefix = {
  ogEngine: '/compat/og-engine',
  htmlpix: '/compat/htmlpix',
  audome: '/compat/audome',
  rasterkit: '/compat/rasterkit',
} as const;

export interface AppDeps {
  /** Created with the database (createServices(config, { database: true })). */
  services: ServerServices;
  /**
   * Fastify's logger option (false, true, or pino options: a level, a stream to capture), or a
   * pino logger to share (the one services log renders to).
   */
  logger?: FastifyServerOptions['logger'] | Logger;
}

/** A pino logger instance (shared), rather than options for Fastify to make one. */
export const isLogger = (logger: AppDeps['logger']): logger is Logger =>
  typeof logger === 'object' && logger !== null && typeof (logger as Logger).child === 'function';

export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services } = deps;
  const { config, db, renders, signer, queue, templateStore, authenticator, metering, admission } = services;

  // Router errors (a broken %-escape, an over-long path parameter) in each surface's envelope.
  const envelopes: PathEnvelope[] = [
    { prefix: compatPrefix.ogEngine, send: ogErrors.send },
    { prefix: compatPrefix.htmlpix, send: sendHtmlpixError },
    { prefix: compatPrefix.audome, send: audomeErrors.send },
    { prefix: compatPrefix.rasterkit, send: rasterkitErrors.send },
  ];
  const app = Fastify({
    ...(isLogger(deps.logger)
      ? { loggerInstance: deps.logger as FastifyBaseLogger }
      : { logger: deps.logger ?? false }),
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(envelopes),
  });
  app.setValidatorCompiler(compileValidator);
  // JSON only: a text/plain body would otherwise reach validation as a string.
  app.removeContentTypeParser('text/plain');
  app.addSchema(ErrorEnvelope);
  registerErrorHandling(app);
  // First of every hook, so a shed request costs no parsing, no key lookup, no template work.
  registerLoadShedding(app, { maxLoopDelayMs: config.maxLoopDelayMs });

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
  // The docs page loads /openapi.json (Swagger UI's `urls` wins over the plugin's own ./json),
  // so the address it shows is the one to give a client generator.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { urls: [{ url: '/openapi.json', name: 'Placard (/openapi.json)' }] },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Public: health, stored render bytes, signed image URLs. The URL itself is the credential.
  healthRoutes(app, {
    pool: services.pool,
    metrics: services.metrics,
    engine: services.engine.name,
    role: config.role,
    checks: services.readiness,
  });
  const { pipeline, templates } = services;
  publicRenderRoutes(app, { db, renders, config });
  studioRoutes(app);
  signedImageRoutes(app, { pipeline, signer, config });
  await app.register(async (v1) => {
    requireApiKey(v1, authenticator);
    // Every keyed route can answer 401 and 429 (the per-minute limit is checked with the key).
    v1.addHook('onRoute', (route) => addKeyedErrorResponses(route.schema));
    // A scope of its own for the body keeper: this route's handler is known to treat bodies as
    // read-only (they are frozen and shared by repeats).
    await v1.register(async (scope) => {
      keepRepeatedBodies(scope);
      renderRoutes(scope, {
        pipeline,
        renders,
        queue,
        fetcher: services.fetcher,
        config,
        admission,
        templates,
      });
    });
    batchRoutes(v1, {
      pipeline,
      renders,
      config,
      admission,
      queue,
      batches: db.batches,
      fetcher: services.fetcher,
      templates,
    });
    validateRoutes(v1, { pipeline, config });
    renderReadRoutes(v1, { db, renders, config });
    jobRoutes(v1, { queue, deliveries: db.webhookDeliveries, config });
    keyRoutes(v1, { db });
    templateRoutes(v1, { templates: templateStore });
    templateSchemaRoutes(v1, { templates });
    webhookRoutes(v1, { db });
    urlRoutes(v1, { pipeline, templates, signer, config, admission });
    meteringRoutes(v1, { metering });
    await v1.register(fontRoutes({ fonts: services.fonts, maxFontBytes: config.maxFontBytes }));
    await v1.register(
      tailwindRoutes({ themes: services.themes, maxThemeBytes: config.maxTailwindThemeBytes }),
    );
  });

  // Compat dialects: each with its own auth header and error envelope, on the same services.
  // The services have every part a dialect takes; each dialect's deps type names what it uses.
  const findTemplateByName = async (accountId: string, name: string) =>
    (await templateStore.findByName(accountId, name)).id;
  await app.register(ogEngineDialect({ ...services, findTemplateByName }), { prefix: compatPrefix.ogEngine });
  await app.register(htmlpixDialect(services), { prefix: compatPrefix.htmlpix });
  await app.register(audomeDialect(services), { prefix: compatPrefix.audome });
  await app.register(rasterkitDialect(services), { prefix: compatPrefix.rasterkit });
  return app;
}
