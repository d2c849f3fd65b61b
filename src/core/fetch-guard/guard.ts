// The one guarded fetcher every remote asset goes through (template image URLs, later webhooks):
// http(s) only, private addresses refused after DNS and again on every redirect hop, a time
// limit over the whole fetch, a byte cap, and the body sniffed to be an image we can draw.
import { request } from 'undici';
import { withDeadline, withJoinedSignal, type Deadline } from '../deadline.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import { createGuardedAgent } from './agent.ts';
import { classifyNetworkError, FetchFailure, toPlacardError } from './failure.ts';
import { checkDestination } from './destination.ts';
import { checkTarget, nextHop, normalizeHost } from './hops.ts';
import { discard, readBody } from './read-body.ts';
import { sniffImage } from './sniff.ts';

export interface FetchGuardOptions {
  /** The whole fetch, redirects and body included. */
  timeoutMs: number;
  /** Body cap: refused up front from Content-Length, and counted while streaming. */
  maxBytes: number;
  maxRedirects: number;
  /** Off by default in config: loopback, private, link-local and other non-public addresses are refused. */
  allowPrivate: boolean;
  /** Host names exempt from the address check (operator allowlist); exact match, case-insensitive. */
  allowHosts: readonly string[];
  /**
   * Image fetches in flight at once; past it a fetch is refused with SERVER_BUSY. A slow image
   * server holds each fetch up to `timeoutMs` and up to `maxBytes` of memory, so without a bound
   * a burst of slow images would hold sockets and memory in proportion to the request rate.
   * Unset: no bound.
   */
  maxConcurrent?: number;
  userAgent?: string;
}

export interface FetchedAsset {
  url: string;
  finalUrl: string;
  bytes: Buffer;
  /** Sniffed from the bytes, never taken from the server's Content-Type. */
  mime: string;
}

export interface PostResult {
  status: number;
}

export interface Fetcher {
  fetch(url: string, signal?: AbortSignal): Promise<FetchedAsset>;
  /**
   * POSTs a JSON body (webhooks) through the same address checks and time limit. Redirects
   * are not followed: a 3xx is an answer like any other. Throws FetchFailure on refusal.
   */
  post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<PostResult>;
  /**
   * Whether a fetch of `url` would be refused, without connecting (scheme, literal IP, and the
   * addresses a name resolves to). Throws FetchFailure ('scheme', 'private-address', 'dns').
   */
  check(url: string): Promise<void>;
  close(): Promise<void>;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const defaultUserAgent = 'Placard (+https://github.com/placard/placard)';

export function createFetchGuard(options: FetchGuardOptions): Fetcher {
  const allowHosts = new Set(options.allowHosts.map(normalizeHost));
  const isExempt = (hostname: string): boolean =>
    options.allowPrivate || allowHosts.has(normalizeHost(hostname));
  const agent = createGuardedAgent({ isExempt });
  const headers = { 'user-agent': options.userAgent ?? defaultUserAgent, accept: 'image/*' };

  let inFlight = 0;

  async function fetchAsset(url: string, signal?: AbortSignal): Promise<FetchedAsset> {
    signal?.throwIfAborted();
    if (options.maxConcurrent !== undefined && inFlight >= options.maxConcurrent) {
      throw new PlacardError(
        'SERVER_BUSY',
        `The server is busy fetching remote images: ${inFlight} at once (limit ${options.maxConcurrent}); ${url} was not fetched. Retry after 1 s.`,
        {
          headers: { 'Retry-After': '1' },
          details: { allowed: options.maxConcurrent, received: inFlight + 1 },
        },
      );
    }
    inFlight += 1;
    try {
      return await withDeadline(options.timeoutMs, (timeout) =>
        withJoinedSignal([signal, timeout.signal], (combined) => fetchWithin(url, combined, signal, timeout)),
      );
    } finally {
      inFlight -= 1;
    }
  }

  async function fetchWithin(
    url: string,
    combined: AbortSignal,
    signal: AbortSignal | undefined,
    timeout: Deadline,
  ): Promise<FetchedAsset> {
    // Where the fetch is now, so a failure can say which redirect hop it happened on.
    let current = url;
    try {
      for (let hop = 0; ; hop += 1) {
        const target = checkTarget(current, isExempt);
        const response = await request(target, { dispatcher: agent, signal: combined, headers }).catch(
          (error: unknown) => Promise.reject(classifyNetworkError(error, target.hostname)),
        );
        const { statusCode, body } = response;
        if (redirectStatuses.has(statusCode)) {
          discard(body);
          current = nextHop(target, response.headers.location, statusCode, hop, options.maxRedirects);
          continue;
        }
        if (statusCode < 200 || statusCode > 299) {
          discard(body);
          throw new FetchFailure('status', `answered ${statusCode}`);
        }
        const bytes = await readBody(body, response.headers['content-length'], options.maxBytes);
        const declared = response.headers['content-type'];
        const mime = await sniffImage(bytes, Array.isArray(declared) ? declared[0] : declared);
        return { url, finalUrl: target.href, bytes, mime };
      }
    } catch (error) {
      // The caller's own cancellation is theirs to interpret (e.g. as a render timeout).
      if (signal?.aborted) throw signal.reason;
      throw toPlacardError(url, current, error, timeout.expired ? options.timeoutMs : null);
    }
  }

  function post(url: string, body: string, extra: Record<string, string>, signal?: AbortSignal) {
    return withDeadline(options.timeoutMs, (timeout) =>
      withJoinedSignal([signal, timeout.signal], (combined) =>
        postWithin(url, body, extra, combined, timeout),
      ),
    );
  }

  async function postWithin(
    url: string,
    body: string,
    extra: Record<string, string>,
    combined: AbortSignal,
    timeout: Deadline,
  ): Promise<PostResult> {
    const target = checkTarget(url, isExempt);
    const response = await request(target, {
      method: 'POST',
      dispatcher: agent,
      signal: combined,
      headers: { 'user-agent': headers['user-agent'], 'content-type': 'application/json', ...extra },
      body,
    }).catch((error: unknown) =>
      Promise.reject(
        timeout.expired
          ? new FetchFailure('timeout', `timed out after ${options.timeoutMs} ms`)
          : classifyNetworkError(error, target.hostname),
      ),
    );
    discard(response.body);
    return { status: response.statusCode };
  }

  // Closing happens at shutdown, after the HTTP server and the job queue have stopped: a fetch
  // still running serves no one (an unanswered render, or a durable job that runs again), and
  // a graceful agent.close() would wait for it, up to PLACARD_FETCH_TIMEOUT_MS.
  return {
    fetch: fetchAsset,
    post,
    check: (url) => checkDestination(url, isExempt, options.timeoutMs),
    close: () => agent.destroy(),
  };
}
