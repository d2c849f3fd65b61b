// Compiles HTML + Handlebars templates and binds variables, producing the intermediate
// RenderDocument. Compiled templates are cached by source hash: cards are rendered from the
// same few templates over and over, and parsing dominates binding.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { LRUCache } from 'lru-cache';
import { PlacardError } from '../../errors/placard-error.ts';
import { helpers } from './helpers.ts';
import { deriveHtmlSchema } from './schema.ts';
import type { VariableSchema } from '../types.ts';

type Bind = (variables: Record<string, unknown>) => string;

export interface CompiledHtml {
  bind: Bind;
  schema: VariableSchema;
}

export interface HtmlCompiler {
  compile(source: string): CompiledHtml;
}

/** Where Handlebars says a parse error is (its exceptions carry lineNumber/column). */
function position(error: unknown): { line?: number; column?: number } {
  const e = error as { lineNumber?: number; column?: number; message?: string };
  if (typeof e.lineNumber === 'number') return { line: e.lineNumber, column: e.column };
  const match = /on line (\d+)/.exec(e.message ?? '');
  return match ? { line: Number(match[1]) } : {};
}

export function createHtmlCompiler(options: { cacheSize: number }): HtmlCompiler {
  const env = Handlebars.create();
  env.registerHelper(helpers);
  const cache =
    options.cacheSize > 0 ? new LRUCache<string, CompiledHtml>({ max: options.cacheSize }) : undefined;

  function build(source: string): CompiledHtml {
    let template: HandlebarsTemplateDelegate;
    let ast: hbs.AST.Program;
    try {
      ast = env.parse(source);
      template = env.compile(ast);
    } catch (error) {
      const where = position(error);
      const at = where.line
        ? ` at line ${where.line}${where.column !== undefined ? `, column ${where.column}` : ''}`
        : '';
      const reason = error instanceof Error ? error.message.split('\n').pop() : String(error);
      throw new PlacardError(
        'TEMPLATE_COMPILE_FAILED',
        `Template has a Handlebars syntax error${at}: ${reason}`,
        {
          cause: error,
          details: { field: 'html', ...where },
        },
      );
    }
    const bind: Bind = (variables) => {
      try {
        return template(variables);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new PlacardError(
          'TEMPLATE_COMPILE_FAILED',
          `Template failed while binding variables: ${reason}`,
          {
            cause: error,
            details: { field: 'html' },
          },
        );
      }
    };
    return { bind, schema: deriveHtmlSchema(source, ast) };
  }

  return {
    compile(source) {
      if (!cache) return build(source);
      const key = createHash('sha256').update(source).digest('base64url');
      let compiled = cache.get(key);
      if (!compiled) {
        compiled = build(source);
        cache.set(key, compiled);
      }
      return compiled;
    },
  };
}
