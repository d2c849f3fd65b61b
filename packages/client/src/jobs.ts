// Waits for an async render: polls GET /v1/jobs/:id until it succeeded or failed. A webhook
// is the better fit for servers; polling suits scripts and tests.
import { PlacardApiError } from './errors.ts';
import type { RenderJob, RequestOptions } from './types.ts';

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

export async function waitForJob(
  get: (id: string) => Promise<RenderJob>,
  id: string,
  options: WaitOptions = {},
): Promise<RenderJob> {
  const { intervalMs = 500, timeoutMs = 120_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await get(id);
    if (done(job.status)) return job;
    if (Date.now() + intervalMs > deadline) {
      throw new PlacardApiError({
        code: 'JOB_WAIT_TIMEOUT',
        message: `Job ${id} was still ${job.status} after ${timeoutMs} ms of waiting; it keeps running: poll again or use a webhook.`,
        status: 0,
        details: { job },
      });
    }
    await pause(intervalMs, signal);
  }
}
