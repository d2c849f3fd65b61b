// Our templates in HTMLPix's shape: `_id`, `variables: [{ name, defaultValue }]`, the size and
// format a URL renders by default, a signed preview URL and `isPublic` (true for starters).
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Template, TemplateOptions } from '../../../storage/db/index.ts';
import type { TemplateService } from '../../../templates/service.ts';
import type { VariableSchema } from '../../../templates/types.ts';
import { originOf } from '../../origin.ts';
import { defaultFormat, type Minter, type MintTarget } from './mint.ts';
import type { Starter } from './starters/index.ts';

/** A template as this dialect sees it, stored or starter. */
export interface TemplateView {
  target: MintTarget;
  name: string;
  description: string;
  code: string;
  isPublic: boolean;
}

export function storedView(store: TemplateService, template: Template): TemplateView {
  const schema = store.schemaOf(template);
  return {
    target: { templateId: template.id, version: template.version, schema, options: template.options },
    name: template.name,
    description: template.description,
    code: template.source,
    isPublic: false,
  };
}

export function starterView(
  starter: Starter,
  resolved: { schema: VariableSchema; options: TemplateOptions },
): TemplateView {
  return {
    target: { templateId: starter.id, version: undefined, ...resolved },
    name: starter.name,
    description: starter.description,
    code: starter.code,
    isPublic: true,
  };
}

/** The list item; `withCode` adds the source (single-template replies). */
export function templateBody(view: TemplateView, signedPreviewUrl: string, withCode: boolean) {
  const { schema, options } = view.target;
  return {
    _id: view.target.templateId,
    name: view.name,
    description: view.description,
    ...(withCode && { code: view.code }),
    variables: schema.variables.map((v) => ({ name: v.name, defaultValue: v.default })),
    width: options.width ?? 1200,
    height: options.height ?? 630,
    format: defaultFormat(options),
    devicePixelRatio: options.devicePixelRatio ?? 1,
    signedPreviewUrl,
    isPublic: view.isPublic,
  };
}

/**
 * Replies for one request: the preview URL is minted for the caller, with the template's
 * defaults, at the current version. Previews are not charged: nobody asked to mint them.
 */
export function createPresenter(deps: { minter: Minter; config: Config; imagePath: string }) {
  return (request: FastifyRequest, view: TemplateView, withCode: boolean) => {
    const origin = originOf(request, deps.config.baseUrl);
    const preview = deps.minter.sign(request.auth.accountId, view.target, {}, origin, deps.imagePath);
    return templateBody(view, preview.url, withCode);
  };
}

export type Presenter = ReturnType<typeof createPresenter>;
