// One hop of a guarded fetch, checked before any socket opens: the URL must be http(s) and a
// literal IP host must be public; a redirect's Location becomes the next hop, within the limit.
import { literalAddress, refuseAddress } from './address.ts';
import { FetchFailure } from './failure.ts';

/** Parses one hop's URL and refuses bad schemes and literal refused IPs before any socket opens. */
export function checkTarget(href: string, isExempt: (hostname: string) => boolean): URL {
  let target: URL;
  try {
    target = new URL(href);
  } catch (cause) {
    throw new FetchFailure('scheme', 'is not a valid absolute URL', { cause });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchFailure(
      'scheme',
      `uses ${target.protocol.slice(0, -1)}:, and only http and https are allowed`,
    );
  }
  target.hash = '';
  const literal = literalAddress(target.hostname);
  const refusal = literal !== null && !isExempt(target.hostname) ? refuseAddress(literal) : null;
  if (refusal) {
    throw new FetchFailure(
      'private-address',
      `address ${refusal.shown} is ${refusal.kind}, and private addresses are refused`,
    );
  }
  return target;
}

/** The URL a redirect points to, resolved against the hop that answered it. */
export function nextHop(
  from: URL,
  location: string | string[] | undefined,
  status: number,
  hop: number,
  maxRedirects: number,
): string {
  const value = Array.isArray(location) ? location[0] : location;
  if (!value) throw new FetchFailure('status', `answered ${status} without a Location header`);
  if (hop >= maxRedirects) {
    throw new FetchFailure('too-many-redirects', `redirected more than ${maxRedirects} times`);
  }
  try {
    return new URL(value, from).href;
  } catch (cause) {
    throw new FetchFailure('status', `answered ${status} with an invalid Location ${JSON.stringify(value)}`, {
      cause,
    });
  }
}

/** Lower-cased, IPv6 brackets removed: how allowlist entries and URL hosts are compared. */
export function normalizeHost(hostname: string): string {
  const lower = hostname.toLowerCase();
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}
