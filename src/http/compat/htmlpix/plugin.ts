// The HTMLPix dialect (seeds/htmlpix-api.txt) as one Fastify plugin, mounted by the app under
// /compat/htmlpix. It only translates: templates go through the template service, URLs through
// the shared signer, images and test renders through the pipeline, charges through admission.
// It brings its own key check (every route but GET /v1/image) and its own error envelope.
import type { FastifyPluginAsync } from 'fastify';
import type { Authenticator } from '../../../auth/keys.ts';
import type { Services } from '../../../services.ts';
import type { Admission } from '../../admission.ts';
import { IMAGE_PATH } from '../../routes/urls.ts';
import { compileValidator } from '../../validation.ts';
import { requireApiKey } from '../../auth.ts';
import { registerHtmlpixErrors } from './errors.ts';
import { htmlpixGenerateRoute } from './generate-route.ts';
import { htmlpixImageRoute } from './image-route.ts';
import { createMinter } from './mint.ts';
import { createPresenter } from './replies.ts';
import { htmlpixTemplateRoutes } from './template-routes.ts';
import { htmlpixUrlRoutes } from './url-routes.ts';

export interface HtmlpixDeps {
  /** Created with the database (createServices(config, { database: true })). */
  services: Services;
  /** Default services.authenticator, which also counts the plan's per-minute limit. */
  authenticator?: Authenticator;
  /** Charges minted URLs (signed_urls) and generations (ai). Default services.admission. */
  admission?: Admission;
}

export function htmlpixDialect(deps: HtmlpixDeps): FastifyPluginAsync {
  return async (app) => {
    const { services } = deps;
    const { config, pipeline, templates, templateStore, signer } = services;
    const authenticator = deps.authenticator ?? services.authenticator;
    const admission = deps.admission ?? services.admission;
    if (!templateStore || !signer || !authenticator) {
      throw new Error('htmlpixDialect needs services created with the database');
    }

    // Strict JSON bodies and one message style, whatever the host app configured; a text/plain
    // body is a 415, not a string that reaches validation.
    app.setValidatorCompiler(compileValidator);
    if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
    registerHtmlpixErrors(app);

    const imagePath = `${app.prefix}${IMAGE_PATH}`;
    const minter = createMinter({
      templateStore,
      templates,
      signer,
      config,
      engineVersion: services.engine.version,
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
