// Bounded concurrency for the CPU-heavy part of a render (draw + encode). Takumi draws on
// native threads, so a few renders in flight keep every core busy from the main thread (see
// README "Performance"). Past `queueMax` waiting renders the pool refuses at once with
// SERVER_BUSY (503 + Retry-After) instead of piling up latency and memory.
import { PlacardError } from '../errors/placard-error.ts';

export interface RenderPoolOptions {
  concurrency: number;
  queueMax: number;
}

export interface RenderPool {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

interface Waiter {
  start: () => void;
}

export function createRenderPool(options: RenderPoolOptions): RenderPool {
  let active = 0;
  const queue: Waiter[] = [];

  function release(): void {
    const next = queue.shift();
    if (next) next.start();
    else active--;
  }

  function acquire(signal?: AbortSignal): Promise<void> {
    if (active < options.concurrency) {
      active++;
      return Promise.resolve();
    }
    if (queue.length >= options.queueMax) {
      const retryAfter = String(Math.max(1, Math.ceil(queue.length / options.concurrency / 10)));
      return Promise.reject(
        new PlacardError(
          'SERVER_BUSY',
          `The server is busy: ${active} renders running and ${queue.length} waiting (limit ${options.queueMax}). Retry after ${retryAfter} s.`,
          { headers: { 'Retry-After': retryAfter } },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(signal?.reason);
      };
      // A slot handed over by release(): `active` stays the same, ownership moves to us.
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  return {
    async run(task, signal) {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
