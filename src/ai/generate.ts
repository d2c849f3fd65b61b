// AI template generation: ask the model for a TSX module, compile it and test-render it with
// its default props, and only then save it as a JSX template. A broken answer is sent back
// once with the error it produced; a second broken answer fails the item (GENERATION_FAILED).
// Nothing half-working is ever saved.
import { isPlacardError, PlacardError } from '../errors/placard-error.ts';
import type { Pipeline } from '../core/pipeline.ts';
import { createRenderRequest, type RequestLimits } from '../core/render-request.ts';
import type { Template } from '../storage/db/index.ts';
import type { TemplateService } from '../templates/service.ts';
import { extractCode } from './extract-code.ts';
import { repairMessage, requestMessage, systemPrompt } from './prompt.ts';
import { AiRequestError, type ChatClient, type ChatMessage, type GenerationRequest } from './types.ts';

export interface TemplateGeneratorDeps {
  chat: ChatClient;
  pipeline: Pipeline;
  templates: TemplateService;
  limits: RequestLimits;
  /** Longest module accepted from the model, in characters (HTMLPix's code limit). */
  maxCodeChars: number;
}

export interface TemplateGenerator {
  /** The saved template, or GENERATION_FAILED (its `cause` says why, for the log). */
  generate(accountId: string, item: GenerationRequest, signal?: AbortSignal): Promise<Template>;
}

/** Codes that mean the module itself is wrong (worth telling the model). */
const templateFault: ReadonlySet<string> = new Set([
  'TEMPLATE_COMPILE_FAILED',
  'TEMPLATE_RUNTIME_ERROR',
  'TEMPLATE_TIMEOUT',
  'TEMPLATE_MEMORY_EXCEEDED',
  'VALIDATION_FAILED',
  'ASSET_FETCH_FAILED',
  'OUTPUT_TOO_LARGE',
  'RENDER_FAILED',
  'RENDER_TIMEOUT',
]);

/** Tries per item: the first answer and one repair. */
const ATTEMPTS = 2;
const NAME_MAX = 120;

/** A short template name from the prompt's first line. */
export function nameFromPrompt(prompt: string): string {
  const line = prompt.trim().split('\n')[0]?.trim() ?? '';
  const name = line.length > 60 ? `${line.slice(0, 59).replace(/\s+\S*$/, '')}…` : line;
  return (name || 'Generated template').slice(0, NAME_MAX);
}

const failed = (message: string, cause?: unknown) =>
  new PlacardError('GENERATION_FAILED', message, { cause });

export function createTemplateGenerator(deps: TemplateGeneratorDeps): TemplateGenerator {
  const size = (item: GenerationRequest) => ({
    ...(item.width !== undefined && { width: item.width }),
    ...(item.height !== undefined && { height: item.height }),
  });

  /** Compiles and draws the module with its defaults; the problem in words, or undefined. */
  async function tryModule(code: string, item: GenerationRequest, signal?: AbortSignal) {
    if (code === '') return 'The answer held no code: send the module in a ```tsx code block.';
    if (code.length > deps.maxCodeChars) {
      return `The module is ${code.length} characters long; allowed: at most ${deps.maxCodeChars}. Make it shorter.`;
    }
    try {
      // cacheTtl 0: a trial render must not fill the render cache with drafts.
      const request = createRenderRequest(
        { template: { kind: 'jsx', source: code }, variables: {}, ...size(item), format: 'png', cacheTtl: 0 },
        deps.limits,
      );
      await deps.pipeline.render(request, signal);
      return undefined;
    } catch (error) {
      // Only the template's own faults go back to the model; a busy server or a cancelled
      // request is not something a better answer can fix.
      if (isPlacardError(error) && templateFault.has(error.code)) return `${error.code}: ${error.message}`;
      throw error;
    }
  }

  return {
    async generate(accountId, item, signal) {
      const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt() }, requestMessage(item)];
      let problem = '';
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let answer: string;
        try {
          answer = await deps.chat.complete(messages, signal);
        } catch (error) {
          if (error instanceof AiRequestError) throw failed(error.message, error);
          throw error;
        }
        const code = extractCode(answer);
        let found: string | undefined;
        try {
          found = await tryModule(code, item, signal);
        } catch (error) {
          throw failed(
            `The generated template could not be test-rendered: ${(error as Error).message}`,
            error,
          );
        }
        if (found === undefined) {
          return deps.templates.create(accountId, {
            name: nameFromPrompt(item.prompt),
            description: item.prompt,
            kind: 'jsx',
            source: code,
            // The asked-for size wins over whatever the model declared.
            options: size(item),
          });
        }
        problem = found;
        messages.push({ role: 'assistant', content: answer }, repairMessage(problem));
      }
      throw failed(`The AI's template did not work after ${ATTEMPTS} attempts; the last problem: ${problem}`);
    },
  };
}
