// POST /render/batch: 1–50 render bodies in, one ZIP out (image-001.png, image-002.webp, ...)
// with X-Batch-Count and the total X-Render-Time-Ms. Cards render a few at a time.
// All or nothing: a ZIP of images has no place for one item's error, so the first bad item
// fails the whole call (nothing charged) with `items[i]:` at the start of the message.
import type { FastifyInstance } from 'fastify';
import { zipSync } from 'fflate';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import { admitted } from '../../admission.ts';
import { featuresOf, renderCard, type OgRenderDeps } from './render.ts';
import { accountFamilies } from './fonts.ts';
import { ogValidationError, readOgRender } from './request.ts';

const MAX_ITEMS = 50;
const CONCURRENCY = 4;

/** The item's error, its message starting with `items[i]:`, keeping code, status and details. */
function atItem(error: unknown, index: number): unknown {
  if (!isPlacardError(error)) return error;
  return new PlacardError(error.code, `items[${index}]: ${error.message}`, {
    cause: error,
    details: { ...error.details, item: index },
    headers: error.headers,
  });
}

const schema = {
  summary: 'OG Engine: render 1–50 cards into one ZIP',
  description:
    'All or nothing: the reply is a ZIP of images with no place for one item’s error, so an invalid ' +
    'item, or one that fails to render, fails the whole call with that item’s error and a message ' +
    'starting `items[i]:`; nothing is charged.',
  tags: ['compat-og-engine'],
};

export function ogBatchRoute(app: FastifyInstance, deps: OgRenderDeps): void {
  app.post('/render/batch', { schema }, async (request, reply) => {
    const items = (request.body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
      throw ogValidationError(items === undefined ? 'missing_field' : 'invalid_field', [
        {
          field: 'items',
          message: `items must be an array of 1 to ${MAX_ITEMS} render bodies; received ${Array.isArray(items) ? `${items.length} items` : typeof items}`,
        },
      ]);
    }
    // Every body is checked before anything renders: a bad item fails the batch with its index.
    const families = await accountFamilies(deps, request.auth.accountId, items);
    const cards = items.map((item, index) => {
      try {
        return readOgRender(item, families);
      } catch (error) {
        const details = (
          error as { details?: { ogCode?: string; errors?: { field: string; message: string }[] } }
        ).details;
        throw ogValidationError(
          details?.ogCode ?? 'invalid_field',
          (details?.errors ?? []).map((e) => ({
            field: `items[${index}].${e.field}`,
            message: `items[${index}]: ${e.message}`,
          })),
        );
      }
    });
    const features = [...new Set(['batch' as const, ...cards.flatMap(featuresOf)])];
    const started = performance.now();
    const files = await admitted(
      deps.admission,
      request,
      reply,
      features,
      async () => {
        const results = new Array<{ name: string; data: Uint8Array }>(cards.length);
        let next = 0;
        let failed = false;
        const worker = async () => {
          // Once an item failed the call is lost: the other workers take no new item.
          while (next < cards.length && !failed) {
            const index = next++;
            const card = cards[index]!;
            const result = await renderCard(deps, request.auth.accountId, card).catch((error: unknown) => {
              failed = true;
              throw atItem(error, index);
            });
            const ext = card.output.format;
            results[index] = {
              name: `image-${String(index + 1).padStart(3, '0')}.${ext}`,
              data: result.data,
            };
          }
        };
        await Promise.all(Array.from({ length: Math.min(CONCURRENCY, cards.length) }, worker));
        return { value: results, outcome: 'drawn' };
      },
      cards.length,
    );
    // PNG/WebP/PDF are compressed already: store them, do not deflate again.
    const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, [f.data, { level: 0 }]])));
    return reply
      .headers({
        'content-type': 'application/zip',
        'content-disposition': 'attachment; filename="cards.zip"',
        'x-batch-count': String(files.length),
        'x-render-time-ms': (performance.now() - started).toFixed(2),
      })
      .send(Buffer.from(zip));
  });
}
