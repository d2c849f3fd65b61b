// Resolves what a render request names (inline html, jsx, elements, a preset, or a stored
// template by id and version) into a ResolvedTemplate that binds variables to the one
// intermediate form. Compiled forms are cached: inline ones by content hash, stored ones by
// id@version (a version never changes once written).
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import stringify from 'safe-stable-stringify';
import { PLACARD_VERSION } from '../version.ts';
import { PlacardError } from '../errors/placard-error.ts';
import type { TemplateRef } from '../core/render-request.ts';
import type { RenderDocument } from '../engines/types.ts';
import type { Database, Template } from '../storage/db/index.ts';
import { checkVariables } from './check-variables.ts';
import { compileElements, elementsSchema } from './elements/index.ts';
import type { HtmlCompiler } from './html/compile.ts';
import { compileJsx, type CompiledJsx, type JsxSandbox } from './jsx/index.ts';
import { jsxSchema } from './jsx-schema.ts';
import { presets } from './presets/index.ts';
import { presetFitTarget } from '../fit/index.ts';
import type { ResolvedTemplate } from './types.ts';
import { PRESET_PREFIX } from './service.ts';

export interface TemplateResolverDeps {
  html: HtmlCompiler;
  /** Started on first use: most installs never run a JSX template. */
  jsx: () => JsxSandbox;
  db: Database | undefined;
  cacheSize: number;
}

export interface TemplateResolver {
  resolve(ref: TemplateRef, accountId: string | undefined): Promise<ResolvedTemplate>;
}

const hash = (text: string) => createHash('sha256').update(text).digest('base64url');

export function htmlTemplate(compiler: HtmlCompiler, source: string): ResolvedTemplate {
  const compiled = compiler.compile(source);
  return {
    kind: 'html',
    identity: `html:${hash(source)}`,
    schema: compiled.schema,
    options: {},
    bind: (variables) => {
      checkVariables(compiled.schema, variables);
      return { html: compiled.bind(variables) };
    },
  };
}

export function jsxTemplate(sandbox: () => JsxSandbox, compiled: CompiledJsx): ResolvedTemplate {
  const schema = jsxSchema(compiled.props);
  return {
    kind: 'jsx',
    identity: `jsx:${hash(compiled.code)}`,
    schema,
    options: compiled.options,
    bind: (variables, { signal }) => {
      checkVariables(schema, variables);
      return sandbox().run(compiled, variables, signal);
    },
  };
}

export function elementsTemplate(document: unknown): ResolvedTemplate {
  const bind = compileElements(document);
  const { width, height } = document as { width: number; height: number };
  return {
    kind: 'elements',
    identity: `elements:${hash(stringify(document) ?? '')}`,
    schema: { variables: elementsSchema(document), open: false },
    options: { width, height },
    bind: (variables) => bind(variables),
  };
}

/** A document built by the caller's own code (library mode): nothing to compile, no variables. */
export function documentTemplate(document: RenderDocument): ResolvedTemplate {
  // The render's own fonts are not part of the document: cache keys carry their version.
  return {
    kind: 'document',
    identity: `document:${hash(document.html)}`,
    schema: { variables: [], open: false },
    options: {},
    bind: (variables) => {
      checkVariables({ variables: [], open: false }, variables);
      return document;
    },
  };
}

export function presetTemplate(name: string): ResolvedTemplate {
  const preset = presets[name];
  if (!preset) {
    throw new PlacardError(
      'TEMPLATE_NOT_FOUND',
      `No preset ${JSON.stringify(name)}; allowed: ${Object.keys(presets).join(', ')}.`,
    );
  }
  return {
    kind: 'preset',
    // Presets change only with Placard itself.
    identity: `preset:${name}@${PLACARD_VERSION}`,
    schema: { variables: [...preset.variables], open: false },
    options: { ...preset.defaults },
    // Layout values scale with the final size, which the request may change.
    bind: (variables, { width, height }) => preset.compile(variables, { width, height }),
    fitTarget: (variables, size, upTo) => presetFitTarget(preset, variables, size, upTo),
  };
}

function fromStored(deps: TemplateResolverDeps, template: Template): ResolvedTemplate {
  // A stored version never changes, so id@version names its content.
  const stored = { identity: `${template.id}@${template.version}`, options: template.options };
  switch (template.kind) {
    case 'html':
      return { ...htmlTemplate(deps.html, template.source), ...stored };
    case 'jsx':
      return { ...jsxTemplate(deps.jsx, JSON.parse(template.compiled ?? 'null') as CompiledJsx), ...stored };
    case 'elements':
      return { ...elementsTemplate(JSON.parse(template.source)), ...stored };
  }
}

export function createTemplateResolver(deps: TemplateResolverDeps): TemplateResolver {
  const cache = new LRUCache<string, ResolvedTemplate | Promise<ResolvedTemplate>>({
    max: Math.max(1, deps.cacheSize),
  });
  const cached = (key: string, make: () => ResolvedTemplate | Promise<ResolvedTemplate>) => {
    let entry = cache.get(key);
    if (!entry) {
      entry = make();
      cache.set(key, entry);
      // A failed compile is not cached: the same bad template reports its error every time.
      if (entry instanceof Promise) entry.catch(() => cache.delete(key));
    }
    return entry;
  };

  const inlineHtml =
    deps.cacheSize > 0 ? new LRUCache<string, ResolvedTemplate>({ max: deps.cacheSize }) : undefined;

  return {
    async resolve(ref, accountId) {
      switch (ref.kind) {
        case 'html': {
          // Cached by the source itself, in a cache of its own (no key of another kind can
          // collide): a repeat hashes nothing, where the compiler's cache and the identity would
          // each hash the whole template on every request, cache hits included.
          let html = inlineHtml?.get(ref.source);
          if (!html) {
            html = htmlTemplate(deps.html, ref.source);
            inlineHtml?.set(ref.source, html);
          }
          return html;
        }
        case 'jsx':
          return cached(`jsx:${hash(ref.source)}`, async () =>
            jsxTemplate(deps.jsx, await compileJsx(ref.source)),
          );
        case 'elements':
          return elementsTemplate(ref.document);
        case 'preset':
          return presetTemplate(ref.name);
        case 'document':
          return documentTemplate(ref.document);
        case 'stored': {
          if (ref.id.startsWith(PRESET_PREFIX)) return presetTemplate(ref.id.slice(PRESET_PREFIX.length));
          const notFound = () => {
            const which = ref.version === undefined ? '' : ` at version ${ref.version}`;
            return new PlacardError(
              'TEMPLATE_NOT_FOUND',
              `No template ${JSON.stringify(ref.id)}${which} in this account.`,
            );
          };
          const db = deps.db;
          // Which version, on every render (an update or a delete shows at once, on every node);
          // its source is read and compiled once per id@version, as a version never changes.
          const version =
            db && accountId ? await db.templates.versionOf(accountId, ref.id, ref.version) : undefined;
          if (!db || !accountId || version === undefined) throw notFound();
          return cached(`${ref.id}@${version}`, async () => {
            const template = await db.templates.get(accountId, ref.id, version);
            if (!template) throw notFound();
            return fromStored(deps, template);
          });
        }
      }
    },
  };
}
