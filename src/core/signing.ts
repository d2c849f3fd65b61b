// HMAC-SHA256 signatures for public URLs and webhooks. Several keys may be configured so a
// key can be rotated: the first signs, any verifies. Comparisons are constant-time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface Signer {
  /** Signature (hex) of `message` with the current key. */
  sign(message: string): string;
  /** True when `signature` was made by any configured key. */
  verify(message: string, signature: string): boolean;
}

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest();

export function createSigner(keys: readonly string[]): Signer {
  const [current] = keys;
  if (!current) throw new Error('createSigner needs at least one key');
  return {
    sign: (message) => hmac(current, message).toString('hex'),
    verify(message, signature) {
      if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
      const given = Buffer.from(signature, 'hex');
      // Every key is tried, so the time taken does not tell which one matched.
      let ok = false;
      for (const key of keys) ok = timingSafeEqual(hmac(key, message), given) || ok;
      return ok;
    },
  };
}

/**
 * The canonical form of a URL's query for signing: every parameter but `sig`, sorted by name
 * then value, percent-encoded the same way every time. Reordering or re-encoding a valid
 * URL keeps it valid; changing any value breaks it.
 */
export function canonicalQuery(params: URLSearchParams | Iterable<[string, string]>): string {
  const pairs = [...params].filter(([name]) => name !== 'sig');
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/**
 * Webhook signature header: `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`. Receivers
 * recompute the HMAC with their secret and reject old timestamps (replays).
 */
export function webhookSignature(signer: Signer, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signer.sign(`${t}.${body}`)}`;
}
