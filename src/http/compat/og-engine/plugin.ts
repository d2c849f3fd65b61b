// The OG Engine dialect as one Fastify plugin (mounted under /compat/og-engine): POST /render
// (JSON or multipart), /validate and /render/batch, exactly as seeds/og-engine-render-api.txt
// and COMPAT-NOTES.md describe, with its own key check and its own error envelope. It
// translates to preset renders and back; it never reaches engines or storage itself.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import { requireApiKey } from '../../auth.ts';
import { registerDialectErrors } from '../shared/dialect-errors.ts';
import { strictJsonBodies } from '../shared/strict-json.ts';
import { ogBatchRoute } from './batch.ts';
import { ogErrors } from './errors.ts';
import { ogRenderRoute, type OgRenderDeps } from './render.ts';
import { ogValidateRoute } from './validate.ts';

/** What the dialect uses; the server's services (created with the database) have most of it. */
export interface OgDeps extends OgRenderDeps {
  /** The key check, which also counts the plan's per-minute limit. */
  authenticator: Authenticator;
}

export function ogEngineDialect(deps: OgDeps): FastifyPluginAsync {
  return async (app) => {
    strictJsonBodies(app);
    registerDialectErrors(app, ogErrors);
    await app.register(multipart, {
      limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 4 },
    });
    requireApiKey(app, deps.authenticator);
    ogRenderRoute(app, deps);
    ogValidateRoute(app, deps);
    ogBatchRoute(app, deps);
  };
}
