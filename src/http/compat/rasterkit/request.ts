// RasterKit render fields as one RenderRequest, with RasterKit's defaults where they differ
// from Placard's: format png, quality 80 (jpeg/webp), device_scale_factor 1, timeout_ms 30000
// and cache_ttl 0 (no cache unless asked). Width and height default to a stored template's
// size, else 1200x630. Variables the template does not use are dropped, as RasterKit ignores
// them (Placard's own API refuses them), unless the template reads names not known ahead.
import type { Config } from '../../../config.ts';
import { PlacardError } from '../../../errors/placard-error.ts';
import { createRenderRequest, type RenderRequest, type TemplateRef } from '../../../core/render-request.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import type { VariableSchema } from '../../../templates/types.ts';
import type { ImageQuery } from './schemas.ts';

/** RasterKit's limit on template_html (500 KB); PLACARD_MAX_TEMPLATE_BYTES applies too. */
export const MAX_TEMPLATE_HTML_BYTES = 500 * 1024;

export const defaults = { format: 'png', quality: 80, scale: 1, timeoutMs: 30_000, cacheTtl: 0 } as const;

export function checkHtmlSize(field: string, html: string | undefined): void {
  const bytes = html === undefined ? 0 : Buffer.byteLength(html);
  if (bytes > MAX_TEMPLATE_HTML_BYTES) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `${field} is ${bytes} bytes; allowed: at most ${MAX_TEMPLATE_HTML_BYTES} bytes (500 KB); received: ${bytes} bytes`,
      { details: { field, allowed: MAX_TEMPLATE_HTML_BYTES, received: bytes } },
    );
  }
}

export function templateRefOf(fields: ImageQuery): TemplateRef {
  if ((fields.template_id === undefined) === (fields.template_html === undefined)) {
    const received = fields.template_id === undefined ? 'neither' : 'both';
    throw new PlacardError(
      'VALIDATION_FAILED',
      `Exactly one of template_id or template_html is required; received: ${received}.`,
      { details: { field: 'template_id', allowed: 'exactly one of template_id, template_html', received } },
    );
  }
  checkHtmlSize('template_html', fields.template_html);
  return fields.template_id !== undefined
    ? { kind: 'stored', id: fields.template_id }
    : { kind: 'html', source: fields.template_html! };
}

function usedVariables(variables: Record<string, unknown>, schema: VariableSchema): Record<string, unknown> {
  if (schema.open) return variables;
  const names = new Set(schema.variables.map((v) => v.name));
  return Object.fromEntries(Object.entries(variables).filter(([name]) => names.has(name)));
}

export async function rasterkitRequest(
  fields: ImageQuery,
  accountId: string,
  deps: { templates: TemplateResolver; config: Config },
): Promise<RenderRequest> {
  const ref = templateRefOf(fields);
  // Resolved here for its variable schema; the pipeline finds it again in the template cache.
  const template = await deps.templates.resolve(ref, accountId);
  const format = fields.format ?? defaults.format;
  return createRenderRequest(
    {
      template: ref,
      variables: usedVariables(fields.variables ?? {}, template.schema),
      accountId,
      width: fields.width,
      height: fields.height,
      scale: fields.device_scale_factor ?? defaults.scale,
      format,
      // png is lossless: a quality would only split the cache.
      quality: format === 'png' ? undefined : (fields.quality ?? defaults.quality),
      timeoutMs: fields.timeout_ms ?? defaults.timeoutMs,
      cacheTtl: fields.cache_ttl ?? defaults.cacheTtl,
    },
    deps.config,
  );
}
