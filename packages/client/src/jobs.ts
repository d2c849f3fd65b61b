// Waits for an async render (polls GET /v1/jobs/:id until it succeeded or failed) or an async
// batch (GET /v1/batches/:id until completed). A webhook is the better fit for servers; polling
// suits scripts and tests.
import { PlacardApiError } from './errors.ts';
import type { BatchJob, RenderJob, RequestOptions } from './types.ts';

export interface WaitOptions extends RequestOptions {
  /** Between polls, in ms (default 500). */
  intervalMs?: number;
  /** Give up after this long, in ms (default 120 000): a PlacardApiError JOB_WAIT_TIMEOUT. */
  timeoutMs?: number;
}

const done = (status: string) => status === 'succeeded' || status === 'failed';

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

export function waitForJob(
  get: (id: string) => Promise<RenderJob>,
  id: string,
  options: WaitOptions = {},
): Promise<RenderJob> {
  return pollUntil('Job', get, id, options, (job) => done(job.status));
}

/** Polls until every item of the batch ended (status `completed`). */
export function waitForBatch(
  get: (id: string) => Promise<BatchJob>,
  id: string,
  options: WaitOptions = {},
): Promise<BatchJob> {
  return pollUntil('Batch', get, id, options, (batch) => batch.status === 'completed');
}

async function pollUntil<T extends { status: string }>(
  what: 'Job' | 'Batch',
  get: (id: string) => Promise<T>,
  id: string,
  options: WaitOptions,
  isDone: (value: T) => boolean,
): Promise<T> {
  const { intervalMs = 500, timeoutMs = 120_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get(id);
    if (isDone(value)) return value;
    if (Date.now() + intervalMs > deadline) {
      throw new PlacardApiError({
        code: 'JOB_WAIT_TIMEOUT',
        message: `${what} ${id} was still ${value.status} after ${timeoutMs} ms of waiting; it keeps running: poll again or use a webhook.`,
        status: 0,
        details: { [what === 'Job' ? 'job' : 'batch']: value },
      });
    }
    await pause(intervalMs, signal);
  }
}
