// Validates and compiles a template when it is saved, by kind, so a broken template is a 400
// at save time rather than at every render: Handlebars is parsed, JSX is compiled by esbuild
// and its options read in the sandbox, an elements document is validated. Also derives the
// variable schema stored with the version.
import type { TemplateKind, TemplateOptions } from '../storage/db/index.ts';
import { elementsSchema, validateElements } from './elements/index.ts';
import type { HtmlCompiler } from './html/compile.ts';
import { compileJsx } from './jsx/index.ts';
import { jsxSchema } from './jsx-schema.ts';
import type { VariableSchema } from './types.ts';
import { PlacardError } from '../errors/placard-error.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PlacardError('VALIDATION_FAILED', `body.source is not a JSON elements document: ${reason}`, {
      cause: error,
      details: { field: 'body.source', allowed: 'an elements document as an object or JSON text' },
    });
  }
}

export interface SavedForm {
  /** The source as stored (an elements document as JSON text). */
  source: string;
  compiled: string | null;
  schema: VariableSchema;
  /** Defaults the source itself declares (JSX `options`, an elements document's size). */
  options: TemplateOptions;
}

export async function compileForSave(
  kind: TemplateKind,
  source: unknown,
  html: HtmlCompiler,
): Promise<SavedForm> {
  switch (kind) {
    case 'html': {
      const text = String(source);
      return { source: text, compiled: null, schema: html.compile(text).schema, options: {} };
    }
    case 'jsx': {
      const text = String(source);
      const compiled = await compileJsx(text);
      return {
        source: text,
        compiled: JSON.stringify(compiled),
        schema: jsxSchema(compiled.props),
        options: compiled.options,
      };
    }
    case 'elements': {
      const document = typeof source === 'string' ? parseJson(source) : source;
      const resolved = validateElements(document);
      return {
        source: JSON.stringify(document),
        compiled: null,
        schema: { variables: elementsSchema(document), open: false },
        options: { width: resolved.width, height: resolved.height },
      };
    }
  }
}
