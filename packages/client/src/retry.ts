// Retries a request the server refused for now: 429 (rate limit) and 503 (render queue
// full) mean nothing was done, so sending it again is safe. The wait honours Retry-After;
// a wait longer than the cap (a monthly quota resets in weeks) is not waited for: the 429
// is answered at once, so a caller never hangs on a limit that will not lift soon.

export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retrying off). */
  maxRetries?: number;
  /** Longest wait before a retry, in ms (default 30 000). A longer Retry-After is not waited. */
  maxDelayMs?: number;
  /** Wait when the server gives no Retry-After, doubled each retry (default 500 ms). */
  baseDelayMs?: number;
}

export type FetchLike = (request: Request) => Promise<Response>;

const retryable = (status: number) => status === 429 || status === 503;

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** How long to wait before retry number `retry` (1-based), or undefined to stop. */
export function retryDelay(response: Response, retry: number, options: RetryOptions): number | undefined {
  const { maxRetries = 2, maxDelayMs = 30_000, baseDelayMs = 500 } = options;
  if (!retryable(response.status) || retry > maxRetries) return undefined;
  const header = response.headers.get('retry-after')?.trim();
  let ms: number;
  if (header && /^\d+$/.test(header)) ms = Number(header) * 1000;
  else if (header && !Number.isNaN(Date.parse(header))) ms = Math.max(0, Date.parse(header) - Date.now());
  else ms = baseDelayMs * 2 ** (retry - 1);
  return ms <= maxDelayMs ? ms : undefined;
}

/** A fetch that retries 429 and 503 as described above; the request body is replayed from a clone. */
export function withRetries(fetcher: FetchLike, options: RetryOptions = {}): FetchLike {
  return async (request) => {
    for (let retry = 1; ; retry++) {
      const response = await fetcher(request.clone());
      const wait = retryDelay(response, retry, options);
      if (wait === undefined) return response;
      // The refused reply's body is not needed; free the connection before waiting.
      await response.body?.cancel().catch(() => undefined);
      await sleep(wait, request.signal);
    }
  };
}
