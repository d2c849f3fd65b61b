// The OG Engine dialect under /compat/og-engine: POST /render (JSON or multipart), /validate
// and /render/batch, exactly as seeds/og-engine-render-api.txt and COMPAT-NOTES.md describe.
// It translates to preset renders and back; it never reaches engines or storage itself.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Services } from '../../../services.ts';
import type { Admission } from '../../admission.ts';
import { requireApiKey } from '../../auth.ts';
import { ogBatchRoute } from './batch.ts';
import { registerOgErrors } from './errors.ts';
import { ogRenderRoute } from './render.ts';
import { ogValidateRoute } from './validate.ts';

export interface OgDeps {
  services: Services;
  authenticator: Authenticator;
  admission: Admission;
  maxUploadBytes: number;
  maxUploadPixels: number;
  /** The id of the caller's stored template with this name (custom:<name>), or TEMPLATE_NOT_FOUND. */
  findTemplateByName(accountId: string, name: string): Promise<string>;
}

export function ogEngineDialect(deps: OgDeps): FastifyPluginAsync {
  return async (app) => {
    registerOgErrors(app);
    await app.register(multipart, { limits: { fileSize: deps.maxUploadBytes, files: 1, fields: 4 } });
    requireApiKey(app, deps.authenticator);
    ogRenderRoute(app, deps);
    ogValidateRoute(app, deps);
    ogBatchRoute(app, deps);
  };
}
