// POST /api/render/generate: an Audome render request in, Placard's pipeline, the image
// stored, and Audome's JSON reply out (public imageUrl, size, format, credits, generationId).
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../../config.ts';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import { createRenderRequest, type OutputFormat, type RenderRequest } from '../../../core/render-request.ts';
import { normalizeBackground } from '../../../core/steps/options.ts';
import type { RenderStore } from '../../../delivery/render-store.ts';
import type { TemplateResolver } from '../../../templates/resolver.ts';
import { admitted, type Admission } from '../../admission.ts';
import { originOf } from '../../origin.ts';
import { lazyAbandonedSignal } from '../shared/abandoned.ts';
import { audomeVariables } from './data.ts';
import { resolveProject } from './projects.ts';
import { GenerateBody, GenerateReply } from './schemas.ts';

export interface GenerateDeps {
  pipeline: Pipeline;
  templates: TemplateResolver;
  renders: RenderStore;
  admission: Admission;
  config: Config;
}

/** creditsRemaining when the plan meters no credits: Audome clients expect an integer, and a
 * `null` (or 0, which is what many JSON decoders make of it) would read as "out of credits". */
export const UNLIMITED_CREDITS = 2_147_483_647;

/** Audome's generation ids carry our stored render's id: gen_X is rnd_X (GET /v1/renders/rnd_X). */
export const generationIdOf = (renderId: string) => `gen_${renderId.replace(/^rnd_/, '')}`;

const isTransparent = (colour: string | undefined) => colour?.trim().toLowerCase() === 'transparent';

/** The core checks the colour too, but would name the field `background`; say it in Audome's words. */
function checkBackground(colour: string | undefined, format: OutputFormat): void {
  if (colour === undefined) return;
  try {
    normalizeBackground(colour, format);
  } catch (error) {
    if (!isPlacardError(error)) throw error;
    throw new PlacardError(
      'VALIDATION_FAILED',
      error.message.replace(/^background\b/, 'body.backgroundColor'),
      {
        cause: error,
        details: { ...error.details, field: 'body.backgroundColor' },
      },
    );
  }
}

async function audomeRequest(
  body: GenerateBody,
  accountId: string,
  deps: GenerateDeps,
): Promise<RenderRequest> {
  if ((body.projectId === undefined) === (body.html === undefined)) {
    const received = body.projectId === undefined ? 'neither' : 'both';
    throw new PlacardError(
      'VALIDATION_FAILED',
      `Either projectId or html is required, not both; received: ${received}.`,
      { details: { field: 'body.projectId', allowed: 'exactly one of projectId, html', received } },
    );
  }
  const ref =
    body.projectId !== undefined
      ? ({ kind: 'stored', id: body.projectId } as const)
      : ({ kind: 'html', source: body.html! } as const);
  const transparent = isTransparent(body.backgroundColor);
  const format = transparent ? 'png' : (body.format ?? 'png');
  checkBackground(body.backgroundColor, format);
  const template = await resolveProject(deps.templates, ref, accountId);
  return createRenderRequest(
    {
      template: ref,
      variables: audomeVariables(body.data ?? {}, template.schema),
      accountId,
      // Undefined keeps the project's own size (its elements canvas, or its stored options).
      width: body.width,
      height: body.height,
      format,
      quality: format === 'png' ? undefined : (body.quality ?? 90),
      background: transparent ? 'transparent' : body.backgroundColor,
    },
    deps.config,
  );
}

export function generateRoute(app: FastifyInstance, deps: GenerateDeps): void {
  app.post<{ Body: GenerateBody }>(
    '/api/render/generate',
    {
      schema: {
        summary: 'Audome: render a project or inline HTML to a stored image',
        tags: ['compat-audome'],
        body: GenerateBody,
        response: { 200: GenerateReply },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const { accountId } = request.auth;
      const format = isTransparent(body.backgroundColor) ? 'png' : (body.format ?? 'png');
      const done = await admitted(deps.admission, request, reply, [format], async (ticket) => {
        const renderRequest = await audomeRequest(body, accountId, deps);
        const result = await deps.pipeline.render(renderRequest, lazyAbandonedSignal(reply));
        const stored = await deps.renders.save(result, accountId);
        return { value: { result, stored, ticket }, outcome: result.cache === 'HIT' ? 'cached' : 'drawn' };
      });
      // Asked after settling, so a cache hit reports the refund (0 used).
      const credits = await done.ticket.credits();
      return {
        success: true,
        imageUrl: deps.renders.urlFor(done.stored, originOf(request, deps.config.baseUrl)),
        width: done.result.width,
        height: done.result.height,
        format: done.result.format,
        creditsUsed: credits.used,
        creditsRemaining: credits.remaining ?? UNLIMITED_CREDITS,
        generationId: generationIdOf(done.stored.id),
      };
    },
  );
}
