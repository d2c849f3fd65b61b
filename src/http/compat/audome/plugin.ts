// The Audome dialect as one Fastify plugin (mounted under /compat/audome): its own key check
// (`Authorization: Bearer`, `x-api-key` also accepted), its own error envelope, and routes
// that only translate to and from Placard's services.
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Config } from '../../../config.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import type { RenderStore } from '../../../delivery/render-store.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { Admission } from '../../admission.ts';
import { requireApiKey } from '../../auth.ts';
import { strictJsonBodies } from '../shared/strict-json.ts';
import { registerDialectErrors } from '../shared/dialect-errors.ts';
import { audomeErrors } from './errors.ts';
import { generateRoute } from './generate.ts';
import { projectRoutes } from './projects.ts';

/** What the dialect uses; the server's services (created with the database) have all of it. */
export interface AudomeDeps {
  config: Config;
  pipeline: Pipeline;
  templates: TemplateResolver;
  /** Renders are stored to answer a public imageUrl. */
  renders: RenderStore;
  /** The key check, which also counts the plan's per-minute limit. */
  authenticator: Authenticator;
  /** Plans, quotas and credits around every render. */
  admission: Admission;
}

export function audomeDialect(deps: AudomeDeps): FastifyPluginAsync {
  const { config, pipeline, templates, renders, authenticator, admission } = deps;
  return async (app) => {
    strictJsonBodies(app);
    registerDialectErrors(app, audomeErrors);
    requireApiKey(app, authenticator);
    generateRoute(app, { pipeline, templates, renders, admission, config });
    projectRoutes(app, { templates });
  };
}
