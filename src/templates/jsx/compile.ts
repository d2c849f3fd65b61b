// Compiles a TSX/JSX template once, when it is saved: esbuild strips types and turns JSX into
// calls to the sandbox's element factory, imports are refused (a template is one
// self-contained module), and the props schema and `options` are derived for the API.
import { parse, type Program } from 'acorn';
import { transform, type Message, type TransformFailure } from 'esbuild';
import { PlacardError } from '../../errors/placard-error.ts';
import { findDefaultExport, findImports } from './analyse.ts';
import { sandboxFailure } from './failures.ts';
import { checkOptions } from './options.ts';
import { deriveProps } from './props-schema.ts';
import { inspectScript, jsxFactory, jsxFragment, moduleName } from './runtime-source.ts';
import { createWorkerPool } from './worker-pool.ts';
import type { CompiledJsx, CompileJsxOptions, JsxSandboxLimits } from './types.ts';

export const defaultMaxSourceBytes = 500 * 1024;
export const defaultCompileLimits: JsxSandboxLimits = { memoryBytes: 32 * 1024 * 1024, timeoutMs: 1000 };

// Compiling is rare (on save): one worker, started on first use, evaluates modules.
const runner = createWorkerPool({ workers: 1, heapMb: 128 });

function compileError(message: string, details: Record<string, unknown>, cause?: unknown): PlacardError {
  return new PlacardError('TEMPLATE_COMPILE_FAILED', message, {
    cause,
    details: { field: 'jsx', ...details },
  });
}

/** esbuild counts columns in UTF-8 bytes from 0; people count characters from 1. */
function position(message: Message): { line?: number; column?: number } {
  const at = message.location;
  if (!at) return {};
  const column = Buffer.from(at.lineText).subarray(0, at.column).toString('utf8').length + 1;
  return { line: at.line, column };
}

async function toEsm(source: string): Promise<string> {
  try {
    const result = await transform(source, {
      loader: 'tsx',
      format: 'esm',
      target: 'es2020',
      jsx: 'transform',
      jsxFactory,
      jsxFragment,
      // Keeps `import React from 'react'` even when unused, so every import is refused alike.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    return result.code;
  } catch (error) {
    const first = (error as Partial<TransformFailure>).errors?.[0];
    if (!first) throw compileError(`Template could not be compiled: ${String(error)}`, {}, error);
    const where = position(first);
    const at = where.line === undefined ? '' : ` at line ${where.line}, column ${where.column}`;
    throw compileError(`Template has a syntax error${at}: ${first.text}`, where, error);
  }
}

function parseEsm(code: string): Program {
  try {
    return parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (error) {
    // esbuild accepted it, so this is a construct acorn rejects or nesting too deep to parse.
    throw compileError(`Template could not be analysed: ${(error as Error).message}`, {}, error);
  }
}

/** The line of the original source that names `specifier`, for the error message. */
function sourceLine(source: string, specifier: string): number | undefined {
  const needles = specifier === 'import.meta' ? [specifier] : [`'${specifier}'`, `"${specifier}"`];
  const index = source.split('\n').findIndex((line) => needles.some((needle) => line.includes(needle)));
  return index >= 0 ? index + 1 : undefined;
}

/** Runs the module's top level once in the sandbox: its `options` and what it exports as default. */
async function inspectModule(
  code: string,
  limits: JsxSandboxLimits,
): Promise<{ defaultType: string; options?: unknown }> {
  const outcome = await runner.run(inspectScript(code), limits);
  if (!outcome.ok) throw sandboxFailure(outcome, limits, 'compile');
  const body = JSON.parse(outcome.value.slice(1)) as {
    name: string;
    message: string;
    defaultType: string;
    options?: unknown;
  };
  if (outcome.value.startsWith('E'))
    throw sandboxFailure({ ok: false, reason: 'thrown', ...body }, limits, 'compile');
  return body;
}

export async function compileJsx(source: string, options: CompileJsxOptions = {}): Promise<CompiledJsx> {
  const maxBytes = options.maxSourceBytes ?? defaultMaxSourceBytes;
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > maxBytes) {
    throw compileError(
      `Template source is too large; allowed: at most ${maxBytes} bytes; received: ${bytes} bytes.`,
      {
        allowed: maxBytes,
        received: bytes,
      },
    );
  }
  const esm = await toEsm(source);
  const program = parseEsm(esm);
  const imported = findImports(program)[0];
  if (imported) {
    const line = sourceLine(source, imported.specifier);
    const at = line === undefined ? '' : ` (line ${line})`;
    throw compileError(
      `Templates cannot import modules; allowed: none; received: import from '${imported.specifier}'${at}.`,
      { specifier: imported.specifier, ...(line === undefined ? {} : { line }) },
    );
  }
  const exported = findDefaultExport(program);
  if (exported.kind === 'none') {
    throw compileError(
      'Template has no default export; allowed: export default function Template(props) { return <div>...</div>; }; received: none.',
      {},
    );
  }
  const { code } = await transform(esm, {
    loader: 'js',
    format: 'iife',
    globalName: moduleName,
    target: 'es2020',
  });
  const inspected = await inspectModule(code, options.limits ?? defaultCompileLimits);
  if (inspected.defaultType !== 'function') {
    throw compileError(
      `Template's default export must be a function; allowed: export default function Template(props) {...}; received: ${inspected.defaultType}.`,
      { received: inspected.defaultType },
    );
  }
  const props = exported.kind === 'function' ? deriveProps(exported.fn) : [];
  return { code, options: checkOptions(inspected.options), props };
}
