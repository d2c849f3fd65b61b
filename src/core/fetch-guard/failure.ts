// Why a guarded fetch failed, before it becomes the public PlacardError: a stable reason slug
// plus plain words, and the mapping of low-level socket and DNS errors onto those reasons.
import { PlacardError } from '../../errors/placard-error.ts';
import type { AddressRefusal } from './address.ts';

export type FetchFailureReason =
  | 'scheme'
  | 'private-address'
  | 'dns'
  | 'too-many-redirects'
  | 'too-large'
  | 'timeout'
  | 'status'
  | 'not-an-image'
  | 'network';

/** Internal: thrown inside the guard, turned into an ASSET_FETCH_FAILED error at the edge. */
export class FetchFailure extends Error {
  readonly reason: FetchFailureReason;

  constructor(reason: FetchFailureReason, text: string, options: { cause?: unknown } = {}) {
    super(text, options);
    this.name = 'FetchFailure';
    this.reason = reason;
  }
}

/**
 * Raised from the DNS lookup hook when a name resolves to a refused address. It travels through
 * net and undici as the socket error, which is how the guard recognises it afterwards.
 */
export class AddressRefusedError extends Error {
  constructor(hostname: string, refusal: AddressRefusal) {
    super(
      `host ${hostname} resolves to address ${refusal.shown}, which is ${refusal.kind}, ` +
        'and private addresses are refused',
    );
    this.name = 'AddressRefusedError';
  }
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA']);

/** Maps whatever undici or net threw for one hop onto a FetchFailure. */
export function classifyNetworkError(error: unknown, hostname: string): FetchFailure {
  if (error instanceof FetchFailure) return error;
  for (const inner of errorChain(error)) {
    if (inner instanceof AddressRefusedError) {
      return new FetchFailure('private-address', inner.message, { cause: error });
    }
    const code = (inner as { code?: unknown }).code;
    if (typeof code === 'string' && dnsCodes.has(code)) {
      return new FetchFailure('dns', `could not resolve host ${hostname} (${code})`, { cause: error });
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FetchFailure('network', `network error: ${message}`, { cause: error });
}

/** The error, its causes, and the members of any AggregateError (happy-eyeballs connects). */
function* errorChain(error: unknown, depth = 0): Generator<unknown> {
  if (error === null || error === undefined || depth > 5) return;
  yield error;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) yield* errorChain(inner, depth + 1);
  }
  if (error instanceof Error) yield* errorChain(error.cause, depth + 1);
}

/** The public error for a failed fetch of `url`, naming the redirect hop it failed on, if any. */
export function toPlacardError(
  url: string,
  current: string,
  error: unknown,
  timedOutAfter: number | null,
): PlacardError {
  // A refusal decided by the guard itself stands even if the clock ran out meanwhile; a socket
  // error while the timer fired is just the abort showing through.
  const decided = error instanceof FetchFailure && error.reason !== 'network' ? error : null;
  const failure =
    decided ??
    (timedOutAfter !== null
      ? new FetchFailure('timeout', `timed out after ${timedOutAfter} ms`, { cause: error })
      : classifyNetworkError(error, safeHostname(current)));
  const redirected = current !== url;
  const refusedHop = failure.reason === 'scheme' || failure.reason === 'private-address';
  const text = !redirected
    ? failure.message
    : refusedHop
      ? `redirect to ${current} refused: ${failure.message}`
      : `${failure.message} (after redirect to ${current})`;
  return new PlacardError('ASSET_FETCH_FAILED', `Could not load image ${JSON.stringify(url)}: ${text}`, {
    details: { url, reason: failure.reason },
    cause: failure.cause,
  });
}

function safeHostname(href: string): string {
  return URL.canParse(href) ? new URL(href).hostname : href;
}
