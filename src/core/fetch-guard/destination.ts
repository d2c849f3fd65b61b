// Checks a destination the way a guarded fetch would, without connecting: the scheme, a
// literal IP, and every address a host name resolves to. Used when a webhook address is
// accepted, so a job is refused up front instead of finishing with a webhook that never went.
// The fetch itself checks again at connect time (DNS can change in between).
import { lookup, type LookupAddress } from 'node:dns';
import { literalAddress, refuseAddress } from './address.ts';
import { FetchFailure } from './failure.ts';
import { checkTarget } from './hops.ts';

/** Names that do not exist: refused now. Anything else (EAI_AGAIN, a slow resolver) may pass. */
const missingCodes = new Set(['ENOTFOUND', 'EAI_NONAME', 'ENODATA', 'EAI_NODATA']);

function resolveAll(hostname: string, timeoutMs: number): Promise<LookupAddress[] | Error | 'slow'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('slow'), timeoutMs);
    lookup(hostname, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ?? addresses);
    });
  });
}

/**
 * Throws FetchFailure ('scheme', 'private-address' or 'dns') when a fetch of `href` would be
 * refused. A transient resolver failure or a lookup slower than `timeoutMs` passes: the
 * delivery itself checks again and retries, and a flaky resolver should not refuse a job.
 */
export async function checkDestination(
  href: string,
  isExempt: (hostname: string) => boolean,
  timeoutMs: number,
): Promise<void> {
  const target = checkTarget(href, isExempt);
  const hostname = target.hostname;
  // A literal IP was judged by checkTarget; an exempt name is not judged at all.
  if (isExempt(hostname) || literalAddress(hostname) !== null) return;
  const resolved = await resolveAll(hostname, timeoutMs);
  if (resolved === 'slow') return;
  if (resolved instanceof Error) {
    const code = (resolved as { code?: unknown }).code;
    if (typeof code === 'string' && missingCodes.has(code)) {
      throw new FetchFailure('dns', `host ${hostname} does not resolve (${code})`);
    }
    return;
  }
  for (const entry of resolved) {
    const refusal = refuseAddress(entry.address);
    if (refusal) {
      throw new FetchFailure(
        'private-address',
        `host ${hostname} resolves to address ${refusal.shown}, which is ${refusal.kind}, ` +
          'and private addresses are refused',
      );
    }
  }
}
