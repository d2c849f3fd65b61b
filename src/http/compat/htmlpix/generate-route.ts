// POST /v1/templates/generate: up to 5 prompts to JSX templates, each item succeeding or
// failing on its own. Each item holds one unit of the `ai` quota while it runs and keeps it
// only if a template was saved, so a failed item costs nothing (the doc: "each successful
// generation consumes 1 AI quota unit"). Admission for all items comes first: a batch the
// plan cannot pay for is refused whole (402/429) before any model is called. The per-minute
// limit counts the request once (in the auth hook), not once per item.
import type { FastifyInstance } from 'fastify';
import {
  chatOptionsFrom,
  createChatClient,
  createTemplateGenerator,
  type TemplateGenerator,
} from '../../../ai/index.ts';
import type { Config } from '../../../config.ts';
import { isPlacardError, PlacardError } from '../../../errors/placard-error.ts';
import type { Pipeline } from '../../../core/pipeline.ts';
import type { TemplateService } from '../../../templates/service.ts';
import type { Admission, Ticket } from '../../admission.ts';
import { abandonedSignal } from '../shared/abandoned.ts';
import { htmlpixError } from './errors.ts';
import { storedView, type Presenter } from './replies.ts';
import {
  CODE_MAX_CHARS,
  GENERATE_MAX_ITEMS,
  generateBody,
  PROMPT_MAX_CHARS,
  type GenerateBody,
} from './schemas.ts';

export interface GenerateRouteDeps {
  config: Config;
  pipeline: Pipeline;
  templateStore: TemplateService;
  admission: Admission;
  present: Presenter;
}

export function htmlpixGenerateRoute(app: FastifyInstance, deps: GenerateRouteDeps): void {
  const { config } = deps;
  let generator: TemplateGenerator | undefined;
  /** Built on first use; AI_NOT_CONFIGURED (naming the missing settings) until configured. */
  const generatorFor = () =>
    (generator ??= createTemplateGenerator({
      chat: createChatClient(chatOptionsFrom(config)),
      pipeline: deps.pipeline,
      templates: deps.templateStore,
      limits: config,
      maxCodeChars: CODE_MAX_CHARS,
    }));

  const body = generateBody(config.aiMaxImageBytes);
  app.post<{ Body: GenerateBody }>(
    '/v1/templates/generate',
    {
      schema: { summary: 'Generate templates with AI (up to 5 prompts)', tags: ['htmlpix'], body },
      // Room for five reference images; every other route keeps the server's body limit.
      bodyLimit: Math.max(
        config.bodyLimitBytes,
        GENERATE_MAX_ITEMS * (config.aiMaxImageBytes + PROMPT_MAX_CHARS * 4 + 1024),
      ),
    },
    async (request, reply) => {
      const generate = generatorFor();
      const { items } = request.body;
      const tickets: Ticket[] = [];
      try {
        for (const _item of items) tickets.push(await deps.admission.admit(request, ['ai'], 1));
      } catch (error) {
        await Promise.all(tickets.map((t) => t.settle('failed')));
        throw error;
      }
      reply.headers(tickets.at(-1)?.headers ?? {});
      // The models are not called for a client that has gone away.
      const signal = abandonedSignal(reply);
      const results = await Promise.all(
        items.map(async (item, i) => {
          const ticket = tickets[i]!;
          try {
            const template = await generate.generate(request.auth.accountId, item, signal);
            await ticket.settle('drawn');
            const view = storedView(deps.templateStore, template);
            return {
              ok: true,
              result: { templateId: template.id, template: deps.present(request, view, true) },
            };
          } catch (error) {
            await ticket.settle('failed');
            request.log.warn({ err: error, item: i }, 'HTMLPix generation item failed');
            return { ok: false, error: htmlpixError(asItemFailure(error)) };
          }
        }),
      );
      return { results };
    },
  );
}

/** Item failures always read GENERATION_FAILED, as in the doc; the message says why. */
function asItemFailure(error: unknown): PlacardError {
  if (isPlacardError(error) && error.code === 'GENERATION_FAILED') return error;
  const reason = isPlacardError(error) ? `${error.code}: ${error.message}` : 'an unexpected error (logged)';
  return new PlacardError('GENERATION_FAILED', `The template could not be generated: ${reason}`, {
    cause: error,
  });
}
