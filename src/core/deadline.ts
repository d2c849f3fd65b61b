// Time limits and joined signals that are released the moment the work settles. Node 20's
// AbortSignal.timeout keeps its timer (and the signal) alive until it fires, and
// AbortSignal.any leaks its sources; at a thousand cache hits a second with 30-second limits
// that held hundreds of megabytes. These clear their timer and listeners in `finally`.

export interface Deadline {
  /** Aborts when the time is up, with a TimeoutError as the reason. */
  readonly signal: AbortSignal;
  /** True once the time limit has passed. */
  readonly expired: boolean;
}

export async function withDeadline<T>(ms: number, work: (deadline: Deadline) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException(`The operation timed out after ${ms} ms.`, 'TimeoutError'));
  }, ms);
  try {
    return await work({
      signal: controller.signal,
      get expired() {
        return expired;
      },
    });
  } finally {
    clearTimeout(timer);
  }
}

/** One signal that aborts when any of `signals` does, with its reason, until `work` settles. */
export async function withJoinedSignal<T>(
  signals: readonly (AbortSignal | undefined)[],
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return work(present[0]!);
  const controller = new AbortController();
  const listeners = present.map((source) => {
    const onAbort = () => controller.abort(source.reason);
    if (source.aborted) onAbort();
    else source.addEventListener('abort', onAbort, { once: true });
    return () => source.removeEventListener('abort', onAbort);
  });
  try {
    return await work(controller.signal);
  } finally {
    for (const remove of listeners) remove();
  }
}

/**
 * `work`'s outcome, unless `signal` aborts first: then its reason, at once. The work itself
 * goes on (others may share it); only this caller stops waiting for it.
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
