// Runs one script in a fresh QuickJS runtime (WebAssembly) with a heap limit, a stack limit
// and a deadline, and always frees it. This is the in-thread part: worker.ts runs it in a
// worker thread (see worker-pool.ts for why). The WebAssembly module is loaded lazily and
// replaced when a host-side exception escapes it: its memory can no longer be trusted.
import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import type { JsxSandboxLimits } from './types.ts';

/**
 * QuickJS's own stack limit. Measured: at 512 KB and above, deep recursion exhausts Node's
 * stack inside the WebAssembly frames before QuickJS notices, which poisons the module; at
 * 256 KB QuickJS throws a clean "stack overflow" after ~1,300 nested calls.
 */
export const maxStackBytes = 256 * 1024;

export type ScriptOutcome =
  | { ok: true; value: string }
  | { ok: false; reason: 'timeout' | 'thrown' | 'crashed'; name: string; message: string };

export interface ScriptRunner {
  run(script: string, limits: JsxSandboxLimits, signal?: AbortSignal): Promise<ScriptOutcome>;
  close(): void;
}

/** Called with the outcome as soon as it is known, before the runtime is freed. */
export type Publish = (outcome: ScriptOutcome) => void;

export interface InlineScriptRunner extends ScriptRunner {
  run(
    script: string,
    limits: JsxSandboxLimits,
    signal?: AbortSignal,
    publish?: Publish,
  ): Promise<ScriptOutcome>;
  /** Loads the WebAssembly module ahead of the first run. */
  warm(): Promise<void>;
}

interface Slot {
  qjs: QuickJSWASMModule;
  broken: boolean;
}

/** Reads name and message of an error value without running arbitrary template code. */
function readError(context: QuickJSContext, handle: QuickJSHandle): { name: string; message: string } {
  const text = (key: string): string | undefined => {
    const value = context.getProp(handle, key);
    try {
      return context.typeof(value) === 'string' ? context.getString(value) : undefined;
    } finally {
      value.dispose();
    }
  };
  try {
    if (context.typeof(handle) !== 'object')
      return { name: 'thrown value', message: String(context.dump(handle)) };
    return { name: text('name') ?? 'Error', message: text('message') ?? '' };
  } catch {
    return { name: 'Error', message: 'an error that could not be read' };
  }
}

function evaluate(runtime: QuickJSRuntime, script: string, limits: JsxSandboxLimits, signal?: AbortSignal) {
  let timedOut = false;
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(maxStackBytes);
  const deadline = performance.now() + limits.timeoutMs;
  // QuickJS calls this every few thousand bytecodes; returning true raises an exception
  // that template code cannot catch. Native built-ins are not interrupted (hence the worker).
  runtime.setInterruptHandler(() => (timedOut ||= performance.now() > deadline || signal?.aborted === true));
  const context = runtime.newContext();
  const outcome = ((): ScriptOutcome => {
    const result = context.evalCode(script, 'template.js');
    if (result.error) {
      const error = timedOut
        ? { name: 'InternalError', message: 'interrupted' }
        : readError(context, result.error);
      result.error.dispose();
      return { ok: false, reason: timedOut ? 'timeout' : 'thrown', ...error };
    }
    const value = context.typeof(result.value) === 'string' ? context.getString(result.value) : undefined;
    result.value.dispose();
    if (value !== undefined) return { ok: true, value };
    return { ok: false, reason: 'thrown', name: 'TypeError', message: 'the script did not produce a string' };
  })();
  return { outcome, context };
}

function execute(
  slot: Slot,
  script: string,
  limits: JsxSandboxLimits,
  signal?: AbortSignal,
  publish?: Publish,
) {
  const runtime = slot.qjs.newRuntime();
  let context: QuickJSContext | undefined;
  let outcome: ScriptOutcome;
  try {
    ({ outcome, context } = evaluate(runtime, script, limits, signal));
  } catch (error) {
    slot.broken = true;
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    outcome = { ok: false, reason: 'crashed', name, message };
  }
  publish?.(outcome);
  // Freeing a runtime after the module failed could abort inside WebAssembly again; the
  // whole instance is dropped instead, which releases its memory with it.
  if (!slot.broken) {
    try {
      context?.dispose();
      runtime.dispose();
    } catch {
      slot.broken = true;
    }
  }
  return outcome;
}

export function createScriptRunner(): InlineScriptRunner {
  let slot: Promise<Slot> | undefined;
  let closed = false;

  function load(): Promise<Slot> {
    slot ??= newQuickJSWASMModule().then(
      (qjs) => ({ qjs, broken: false }),
      (error: unknown) => {
        slot = undefined;
        throw error;
      },
    );
    return slot;
  }

  return {
    async warm() {
      await load();
    },
    async run(script, limits, signal, publish) {
      for (;;) {
        if (closed) throw new Error('The JSX sandbox is closed.');
        const pending = load();
        const current = await pending;
        // Another render may have broken this instance while we waited for it.
        if (current.broken) {
          if (slot === pending) slot = undefined;
          continue;
        }
        signal?.throwIfAborted();
        const outcome = execute(current, script, limits, signal, publish);
        if (current.broken && slot === pending) slot = undefined;
        return outcome;
      }
    },
    close() {
      closed = true;
      slot = undefined;
    },
  };
}
