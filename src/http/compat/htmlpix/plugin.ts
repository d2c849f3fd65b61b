// The HTMLPix dialect (seeds/htmlpix-api.txt) as one Fastify plugin, mounted by the app under
// /compat/htmlpix. It only translates: templates go through the template service, URLs through
// the shared signer, images and test renders through the pipeline, charges through admission.
// It brings its own key check (every route but GET /v1/image) and its own error envelope.
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Config } from '../../../config.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import type { Signer } from '../../../core/signing.ts';
import type { Engine } from '../../../engines/types.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { TemplateService } from '../../../templates/service.ts';
import type { Admission } from '../../admission.ts';
import { IMAGE_PATH } from '../../routes/urls.ts';
import { requireApiKey } from '../../auth.ts';
import { strictJsonBodies } from '../shared/strict-json.ts';
import { registerHtmlpixErrors } from './errors.ts';
import { htmlpixGenerateRoute } from './generate-route.ts';
import { htmlpixImageRoute } from './image-route.ts';
import { createMinter } from './mint.ts';
import { createPresenter } from './replies.ts';
import { htmlpixTemplateRoutes } from './template-routes.ts';
import { htmlpixUrlRoutes } from './url-routes.ts';

/** What the dialect uses; the server's services (created with the database) have all of it. */
export interface HtmlpixDeps {
  config: Config;
  pipeline: Pipeline;
  templates: TemplateResolver;
  /** Stored templates (the dialect's template CRUD). */
  templateStore: TemplateService;
  signer: Signer;
  /** The native engine: its version is part of a minted URL's content key. */
  engine: Pick<Engine, 'version'>;
  /** The key check, which also counts the plan's per-minute limit. */
  authenticator: Authenticator;
  /** Charges minted URLs (signed_urls) and generations (ai). */
  admission: Admission;
}

export function htmlpixDialect(deps: HtmlpixDeps): FastifyPluginAsync {
  return async (app) => {
    const { config, pipeline, templates, templateStore, signer, authenticator, admission } = deps;

    strictJsonBodies(app);
    registerHtmlpixErrors(app);

    const imagePath = `${app.prefix}${IMAGE_PATH}`;
    const minter = createMinter({
      templateStore,
      templates,
      signer,
      config,
      engineVersion: deps.engine.version,
    });
    const present = createPresenter({ minter, config, imagePath });

    // Public: the signed URL is the credential.
    htmlpixImageRoute(app, { pipeline, signer, config });
    await app.register(async (keyed) => {
      requireApiKey(keyed, authenticator);
      htmlpixTemplateRoutes(keyed, { templateStore, templates, present });
      htmlpixUrlRoutes(keyed, { minter, admission, config, imagePath });
      htmlpixGenerateRoute(keyed, { config, pipeline, templateStore, admission, present });
    });
  };
}
