// Mints HTMLPix signed image URLs with the shared signed-URL format (src/delivery/signed-urls.ts
// already uses HTMLPix's parameter names). A URL pins the template version it was minted for
// (`tv`), so one URL always means one image and a PATCH changes the URLs minted after it;
// `rv` names the renderer, so URLs minted after an upgrade miss stale CDN copies.
import { createHash } from 'node:crypto';
import type { Config } from '../../../config.ts';
import { describeValue, PlacardError } from '../../../errors/placard-error.ts';
import type { Signer } from '../../../core/signing.ts';
import { mintImageUrl } from '../../../delivery/signed-urls.ts';
import type { TemplateOptions } from '../../../storage/db/index.ts';
import { checkVariables } from '../../../templates/check-variables.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { TemplateService } from '../../../templates/service.ts';
import type { VariableSchema } from '../../../templates/types.ts';
import { PLACARD_VERSION } from '../../../version.ts';
import { htmlpixFormats, type UrlItem } from './schemas.ts';
import { starterById } from './starters/index.ts';

type HtmlpixFormat = (typeof htmlpixFormats)[number];

/** What a URL renders, looked up once per mint. */
export interface MintTarget {
  templateId: string;
  /** Pinned stored version; undefined for starters (they change only with Placard). */
  version: number | undefined;
  schema: VariableSchema;
  options: TemplateOptions;
}

export interface Minted {
  templateId: string;
  url: string;
  expiresAt: number;
}

export interface MinterDeps {
  templateStore: TemplateService;
  templates: TemplateResolver;
  signer: Signer;
  config: Config;
  /** The engine's version string, part of `rv`. */
  engineVersion: string;
}

/** HTMLPix's default is webp; a template's own png/jpeg/webp default wins, anything else is webp. */
export const defaultFormat = (options: TemplateOptions): HtmlpixFormat =>
  htmlpixFormats.includes(options.format as HtmlpixFormat) ? (options.format as HtmlpixFormat) : 'webp';

/** `tv` as a version number: 3 or "3". HTMLPix documents it as a string. */
function versionOf(tv: string | number | undefined): number | undefined {
  if (tv === undefined) return undefined;
  const text = String(tv);
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `tv must be a template version number (1, 2, 3, ...); received: ${describeValue(tv)}`,
      { details: { field: 'tv', allowed: 'a template version number', received: describeValue(tv) } },
    );
  }
  return Number(text);
}

export function createMinter(deps: MinterDeps) {
  const renderVersion = createHash('sha256')
    .update(`${PLACARD_VERSION}/${deps.engineVersion}`)
    .digest('base64url')
    .slice(0, 8);

  /** Throws TEMPLATE_NOT_FOUND for another account's template or a version that does not exist. */
  async function target(accountId: string, templateId: string, tv?: string | number): Promise<MintTarget> {
    const version = versionOf(tv);
    const starter = starterById(templateId);
    if (starter) {
      const resolved = await deps.templates.resolve({ kind: 'jsx', source: starter.code }, undefined);
      return { templateId, version: undefined, schema: resolved.schema, options: resolved.options };
    }
    const template = await deps.templateStore.get(accountId, templateId, version);
    const schema = deps.templateStore.schemaOf(template);
    return { templateId, version: template.version, schema, options: template.options };
  }

  /** Signs a URL for `target`; `item` adds the caller's variables and output options. */
  function sign(accountId: string, found: MintTarget, item: Partial<UrlItem>, origin: string, path: string) {
    // `rv` is signed with every other parameter.
    const { url, expiresAt } = mintImageUrl(
      deps.signer,
      {
        accountId,
        templateId: found.templateId,
        // A starter has no versions; a tv given for one still changes the URL (cache busting).
        version: found.version ?? versionOf(item.tv),
        variables: item.variables ?? {},
        width: item.width,
        height: item.height,
        format: item.format ?? defaultFormat(found.options),
        // HTMLPix takes 0-100; our encoders start at 1.
        quality: item.quality === undefined ? undefined : Math.max(1, item.quality),
        scale: item.devicePixelRatio,
      },
      { ttlSeconds: deps.config.urlTtl, origin, path, extra: { rv: renderVersion } },
    );
    return { templateId: found.templateId, url, expiresAt };
  }

  return {
    target,
    sign,
    /** One URL for the caller: the template must exist and the variables must fit its schema. */
    async mint(accountId: string, item: UrlItem, origin: string, path: string): Promise<Minted> {
      const found = await target(accountId, item.templateId, item.tv);
      checkVariables(found.schema, item.variables ?? {});
      return sign(accountId, found, item, origin, path);
    },
  };
}

export type Minter = ReturnType<typeof createMinter>;
