// Runs compiled JSX templates per render inside QuickJS (WebAssembly) on worker threads and
// returns the intermediate RenderDocument. Each render gets a fresh runtime and context:
// nothing a template leaves behind reaches the next render.
import { availableParallelism } from 'node:os';
import { PlacardError } from '../../errors/placard-error.ts';
import type { RenderDocument } from '../../engines/types.ts';
import { sandboxFailure } from './failures.ts';
import { renderScript } from './runtime-source.ts';
import { toHtml } from './to-html.ts';
import { createWorkerPool } from './worker-pool.ts';
import type { CompiledJsx, JsxSandbox, JsxSandboxLimits, JsxSandboxOptions } from './types.ts';

function propsJson(props: Record<string, unknown>): string {
  try {
    return JSON.stringify(props ?? {});
  } catch (error) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      'Template props must be plain JSON values; received a value JSON cannot hold.',
      {
        cause: error,
      },
    );
  }
}

/** The driver's result string: 'T' + element JSON, or 'E' + {name, message}. */
function parseResult(value: string, limits: JsxSandboxLimits): unknown {
  const body = value.slice(1);
  if (value.startsWith('T')) return JSON.parse(body) as unknown;
  const thrown = JSON.parse(body) as { name?: unknown; message?: unknown };
  throw sandboxFailure(
    { ok: false, reason: 'thrown', name: String(thrown.name), message: String(thrown.message) },
    limits,
    'render',
  );
}

export function createJsxSandbox(options: JsxSandboxOptions): JsxSandbox {
  const limits: JsxSandboxLimits = { memoryBytes: options.memoryBytes, timeoutMs: options.timeoutMs };
  const runner = createWorkerPool({
    workers: options.workers ?? Math.min(4, availableParallelism()),
    // Room for the result strings the worker copies out of QuickJS, a few times the heap.
    heapMb: Math.max(64, Math.ceil((limits.memoryBytes * 4) / 1024 / 1024)),
  });
  return {
    async run(
      compiled: CompiledJsx | string,
      props: Record<string, unknown>,
      signal?: AbortSignal,
    ): Promise<RenderDocument> {
      const code = typeof compiled === 'string' ? compiled : compiled.code;
      // An abort rejects at once with the signal's reason; the worker finishes within its limits.
      const outcome = await runner.run(renderScript(code, propsJson(props)), limits, signal);
      if (!outcome.ok) throw sandboxFailure(outcome, limits, 'render');
      return { html: toHtml(parseResult(outcome.value, limits)) };
    },
    warm() {
      return runner.warm();
    },
    close() {
      runner.close();
    },
  };
}
