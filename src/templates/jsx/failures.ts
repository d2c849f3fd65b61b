// Turns a failed sandbox run into the PlacardError a user sees: what went wrong, what is
// allowed, what was received. Template messages are passed on; host internals are not.
import { PlacardError } from '../../errors/placard-error.ts';
import { maxStackBytes, type ScriptOutcome } from './quickjs.ts';
import type { JsxSandboxLimits } from './types.ts';

type Failure = Extract<ScriptOutcome, { ok: false }>;

// QuickJS reports a heap limit as "out of memory"; building a string past its length cap
// (cheap with rope strings, so it comes before the heap limit) as "string too long".
const memoryMessages = new Set(['out of memory', 'string too long']);

function isStackOverflow(failure: Failure): boolean {
  return failure.message === 'stack overflow' || /maximum call stack/i.test(failure.message);
}

/**
 * `phase` says when the template ran: at compile time (evaluating the module to read its
 * options) a thrown error is a compile error, at render time a runtime error.
 */
export function sandboxFailure(
  failure: Failure,
  limits: JsxSandboxLimits,
  phase: 'compile' | 'render',
): PlacardError {
  const details = { name: failure.name, message: failure.message };
  if (failure.reason === 'timeout') {
    return new PlacardError(
      'TEMPLATE_TIMEOUT',
      `Template ran longer than ${limits.timeoutMs} ms; allowed: ${limits.timeoutMs} ms of script time per run; received: a template still running (an endless loop?).`,
      { details: { limit_ms: limits.timeoutMs } },
    );
  }
  if (memoryMessages.has(failure.message)) {
    const mb = Math.round(limits.memoryBytes / 1024 / 1024);
    return new PlacardError(
      'TEMPLATE_MEMORY_EXCEEDED',
      `Template used more memory than allowed; allowed: ${mb} MB per run; received: "${failure.message}" from the sandbox.`,
      { details: { limit_bytes: limits.memoryBytes, ...details } },
    );
  }
  if (isStackOverflow(failure)) {
    return new PlacardError(
      'TEMPLATE_RUNTIME_ERROR',
      `Template recursed too deeply; allowed: a ${maxStackBytes / 1024} KB stack (about 1,000 nested calls); received: a stack overflow.`,
      { details },
    );
  }
  if (failure.reason === 'crashed') {
    return new PlacardError(
      'TEMPLATE_RUNTIME_ERROR',
      `Template stopped the sandbox, which was reset: ${failure.message}`,
      {
        details,
      },
    );
  }
  if (failure.name === 'PlacardContractError') {
    const code = phase === 'compile' ? 'TEMPLATE_COMPILE_FAILED' : 'TEMPLATE_RUNTIME_ERROR';
    return new PlacardError(code, `Template is not valid: ${failure.message}.`, { details });
  }
  if (phase === 'compile') {
    return new PlacardError(
      'TEMPLATE_COMPILE_FAILED',
      `Template threw while its module was evaluated: ${failure.name}: ${failure.message}`,
      { details },
    );
  }
  return new PlacardError('TEMPLATE_RUNTIME_ERROR', `Template threw ${failure.name}: ${failure.message}`, {
    details,
  });
}
