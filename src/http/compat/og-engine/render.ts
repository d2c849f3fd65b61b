// POST /render: an OG Engine card as image bytes, from JSON or multipart (`config` + `image`,
// or `data` + `backgroundImage`), with the doc's headers: X-Cache, X-Render-Time-Ms,
// X-Title-Lines, X-Desc-Lines, X-Layout-Overflow and X-RateLimit-* (see quotaHeaders).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Pipeline, RenderResult } from '../../../core/pipeline.ts';
import { createRenderRequest } from '../../../core/render-request.ts';
import { checkImageUpload } from '../../../core/uploads.ts';
import { rateLimitHeaders } from '../../../metering/index.ts';
import { admitted, type Admission, type Feature, type Ticket } from '../../admission.ts';
import { abandonedSignal } from '../shared/abandoned.ts';
import { accountFamilies, type FontsDeps } from './fonts.ts';
import { JSON_CODE, ogValidationError, readOgRender, type OgRender } from './request.ts';

/** What drawing a card uses (/render, /render/batch). */
export interface OgCardDeps extends FontsDeps {
  config: Config;
  pipeline: Pipeline;
  /** The id of the caller's stored template with this name (custom:<name>), or TEMPLATE_NOT_FOUND. */
  findTemplateByName(accountId: string, name: string): Promise<string>;
}

export interface OgRenderDeps extends OgCardDeps {
  /** Plans, quotas and credits around every render. */
  admission: Admission;
}

/** Multipart field names: the doc's pair and the real service's pair. */
const CONFIG_FIELDS = ['config', 'data'];
const IMAGE_FIELDS = ['image', 'backgroundImage'];

export async function readBody(
  request: FastifyRequest,
  config: Pick<Config, 'uploadMaxBytes' | 'uploadMaxPixels'>,
): Promise<{ body: unknown; image?: string }> {
  if (!request.isMultipart()) return { body: request.body };
  let body: unknown;
  let image: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file' && IMAGE_FIELDS.includes(part.fieldname)) {
      const bytes = await part.toBuffer();
      if (part.file.truncated)
        throw ogValidationError('invalid_file', [
          {
            field: part.fieldname,
            message: `${part.fieldname} is larger than ${config.uploadMaxBytes} bytes`,
          },
        ]);
      try {
        const checked = await checkImageUpload(bytes, {
          maxBytes: config.uploadMaxBytes,
          maxPixels: config.uploadMaxPixels,
          formats: ['jpeg', 'png', 'webp'],
        });
        image = `data:${checked.mime};base64,${bytes.toString('base64')}`;
      } catch (error) {
        throw ogValidationError('invalid_file', [
          { field: part.fieldname, message: (error as Error).message },
        ]);
      }
    } else if (part.type === 'field' && CONFIG_FIELDS.includes(part.fieldname)) {
      try {
        body = JSON.parse(String(part.value));
      } catch (error) {
        throw ogValidationError(JSON_CODE, [
          {
            field: part.fieldname,
            message: `${part.fieldname} did not parse as JSON (${(error as Error).message}); send the render body as a JSON object`,
          },
        ]);
      }
    } else if (part.type === 'file') {
      await part.toBuffer(); // drain unknown files so the request completes
    }
  }
  if (body === undefined)
    throw ogValidationError('missing_field', [
      { field: 'config', message: 'config (the JSON payload) is required' },
    ]);
  return { body, image };
}

export function featuresOf(card: OgRender): Feature[] {
  return [card.output.format];
}

/** Renders one card; `custom:<name>` is a stored template of the caller found by name. */
export async function renderCard(
  deps: OgCardDeps,
  accountId: string,
  card: OgRender,
  image?: string,
  signal?: AbortSignal,
): Promise<RenderResult> {
  const variables = image ? { ...card.variables, backgroundImage: image } : card.variables;
  let templateId: string | undefined;
  if (card.template.startsWith('custom:')) {
    templateId = await deps.findTemplateByName(accountId, card.template.slice('custom:'.length));
  }
  const request = createRenderRequest(
    {
      template: templateId ? { kind: 'stored', id: templateId } : { kind: 'preset', name: card.template },
      variables,
      accountId,
      width: card.size.width,
      height: card.size.height,
      format: card.output.format,
      quality: card.output.format === 'webp' ? card.output.quality : undefined,
      fit: true,
    },
    deps.config,
  );
  return deps.pipeline.render(request, signal);
}

/**
 * OG Engine's X-RateLimit-* describe the monthly quota, and that is what a plan with one sends:
 * the count after this render (a cache hit is refunded, so it leaves the count where it was).
 * A plan with no quota but a per-minute limit (the default `standard` plan) keeps the
 * per-minute headers the key hook set, which count down with every request. Only a plan with
 * neither sends a large constant: OG Engine clients always read these headers.
 */
export function quotaHeaders(
  reply: FastifyReply,
  ticket: Ticket,
  outcome: 'drawn' | 'cached',
  units = 1,
): Record<string, string> {
  const month = ticket.quota;
  if (month && month.limit !== null && month.remaining !== null) {
    const remaining = outcome === 'cached' ? Math.min(month.limit, month.remaining + units) : month.remaining;
    return rateLimitHeaders({ ...month, remaining });
  }
  if (reply.hasHeader('x-ratelimit-limit')) return {};
  return rateLimitHeaders(month ?? { limit: null, remaining: null, resetAt: 0 }, {
    unlimitedAs: UNLIMITED_AS,
  });
}

export const UNLIMITED_AS = 1_000_000;

export function fitHeaders(result: RenderResult): Record<string, string> {
  const elements = result.fit?.elements ?? [];
  const title = elements.find((f) => f.name === 'title');
  const description = elements.find((f) => f.name === 'description');
  return {
    'x-title-lines': String(title?.lines ?? 0),
    'x-desc-lines': String(description?.lines ?? 0),
    'x-layout-overflow': String(result.fit ? !result.fit.fits : false),
  };
}

export function ogRenderRoute(app: FastifyInstance, deps: OgRenderDeps): void {
  app.post('/render', async (request: FastifyRequest, reply: FastifyReply) => {
    const { body, image } = await readBody(request, deps.config);
    const card = readOgRender(body, await accountFamilies(deps, request.auth.accountId, [body]));
    const { result, ticket } = await admitted(
      deps.admission,
      request,
      reply,
      featuresOf(card),
      async (ticket) => {
        const value = await renderCard(deps, request.auth.accountId, card, image, abandonedSignal(reply));
        return { value: { result: value, ticket }, outcome: value.cache === 'HIT' ? 'cached' : 'drawn' };
      },
    );
    return reply
      .headers({
        ...quotaHeaders(reply, ticket, result.cache === 'HIT' ? 'cached' : 'drawn'),
        'content-type': result.contentType,
        'x-cache': result.cache === 'HIT' ? 'hit' : 'miss',
        'x-render-time-ms': result.renderMs.toFixed(2),
        ...fitHeaders(result),
      })
      .send(result.data);
  });
}
