// Runs sandbox scripts on worker threads. Measured: QuickJS checks its interrupt handler only
// between bytecodes, so a loop of heavy built-in calls (`new Array(1e5).fill(0)` until the
// heap is full) ran 5 s against a 200 ms limit, blocking whatever thread it ran on. On a
// worker the main event loop never waits, and a worker still busy past the hard deadline is
// terminated (that takes ~20 ms) and replaced.
import { Worker } from 'node:worker_threads';
import type { ScriptOutcome, ScriptRunner } from './quickjs.ts';
import type { JsxSandboxLimits } from './types.ts';
import type { WorkerJob, WorkerMessage } from './worker.ts';

export interface WorkerPoolOptions {
  workers: number;
  /** V8 heap of each worker (QuickJS's own heap is WebAssembly memory, limited per run). */
  heapMb: number;
}

interface Job extends WorkerJob {
  settle: (outcome: ScriptOutcome | Error) => void;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy';
  job?: Job;
  timer?: NodeJS.Timeout;
}

// Workers run TypeScript like the rest of Placard (bin/placard.js): tsx is registered first.
const tsxApi = import.meta.resolve('tsx/esm/api');
const workerUrl = new URL('./worker.ts', import.meta.url).href;
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;

/** How long past its own limit a run may go before its thread is terminated. */
export function hardDeadlineMs(limits: JsxSandboxLimits): number {
  return limits.timeoutMs + Math.max(100, limits.timeoutMs / 2);
}

export interface WorkerPool extends ScriptRunner {
  /** Starts every worker now; resolves when none is still starting. */
  warm(): Promise<void>;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  const warmers: (() => void)[] = [];
  let closed = false;

  // A worker keeps the process alive only while it has work: idle ones must not block exit.
  function updateRefs(): void {
    for (const slot of slots) {
      if (slot.state === 'busy' || queue.length > 0 || warmers.length > 0) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  function finish(slot: Slot, outcome: ScriptOutcome | Error): void {
    const { job } = slot;
    slot.job = undefined;
    job?.settle(outcome);
  }

  function remove(slot: Slot, outcome: ScriptOutcome): void {
    if (!slots.delete(slot)) return;
    clearTimeout(slot.timer);
    finish(slot, outcome);
    void slot.worker.terminate();
    // A worker that never started (tsx or the WebAssembly missing) would fail again: fail fast.
    if (slot.state === 'starting')
      for (const job of queue.splice(0))
        job.settle(new Error(`JSX worker failed to start: ${outcome.ok ? '' : outcome.message}`));
    dispatch();
  }

  function spawn(): void {
    const worker = new Worker(bootstrap, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb },
    });
    const slot: Slot = { worker, state: 'starting' };
    slots.add(slot);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'result') return finish(slot, message.outcome);
      clearTimeout(slot.timer);
      slot.state = 'idle';
      dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      remove(slot, {
        ok: false,
        reason: 'crashed',
        name: memory ? 'InternalError' : error.name,
        message: memory ? 'out of memory' : error.message,
      });
    });
    worker.on('exit', (code) =>
      remove(slot, {
        ok: false,
        reason: 'crashed',
        name: 'Error',
        message: `sandbox thread exited with code ${code}`,
      }),
    );
  }

  function dispatch(): void {
    for (const slot of slots) {
      const job = slot.state === 'idle' ? queue.shift() : undefined;
      if (!job) continue;
      slot.state = 'busy';
      slot.job = job;
      slot.timer = setTimeout(
        () => remove(slot, { ok: false, reason: 'timeout', name: 'InternalError', message: 'interrupted' }),
        hardDeadlineMs(job.limits),
      );
      slot.worker.postMessage({ script: job.script, limits: job.limits } satisfies WorkerJob);
    }
    const starting = [...slots].filter((slot) => slot.state === 'starting').length;
    if (!closed && queue.length > starting && slots.size < options.workers) spawn();
    if (starting === 0) for (const warmed of warmers.splice(0)) warmed();
    updateRefs();
  }

  return {
    warm() {
      while (!closed && slots.size < options.workers) spawn();
      return new Promise<void>((resolve) => {
        warmers.push(resolve);
        dispatch();
      });
    },
    run(script, limits, signal) {
      if (closed) return Promise.reject(new Error('The JSX sandbox is closed.'));
      signal?.throwIfAborted();
      return new Promise<ScriptOutcome>((resolve, reject) => {
        const onAbort = () =>
          job.settle(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        const job: Job = {
          script,
          limits,
          settle: (outcome) => {
            signal?.removeEventListener('abort', onAbort);
            const index = queue.indexOf(job);
            if (index >= 0) queue.splice(index, 1);
            if (outcome instanceof Error) reject(outcome);
            else resolve(outcome);
          },
        };
        // An abort answers the caller at once; a running script still ends within its limits.
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(job);
        dispatch();
      });
    },
    close() {
      closed = true;
      for (const job of queue.splice(0)) job.settle(new Error('The JSX sandbox is closed.'));
      for (const slot of [...slots])
        remove(slot, { ok: false, reason: 'crashed', name: 'Error', message: 'sandbox closed' });
    },
  };
}
