// Signed, expiring public image URLs. The URL carries everything the render needs (template,
// account, version, size, format, variables as v_<name>) plus an expiry and an HMAC-SHA256
// signature over the canonical query, so the public route needs no key and no lookup.
// Parameter names follow the HTMLPix dialect, so both APIs share one route logic.
import { LRUCache } from 'lru-cache';
import { describeValue, PlacardError } from '../errors/placard-error.ts';
import type { OutputFormat } from '../core/render-request.ts';
import { canonicalQuery, type Signer } from '../core/signing.ts';

export interface SignedImage {
  accountId: string;
  templateId: string;
  version?: number;
  variables: Record<string, unknown>;
  width?: number;
  height?: number;
  format?: OutputFormat;
  quality?: number;
  scale?: number;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const VARIABLE = 'v_';

/** Strings travel as they are; anything else as JSON, marked so it decodes back to its type. */
const encodeValue = (value: unknown) => (typeof value === 'string' ? value : `json:${JSON.stringify(value)}`);
function decodeValue(text: string): unknown {
  if (!text.startsWith('json:')) return text;
  try {
    return JSON.parse(text.slice(5)) as unknown;
  } catch {
    return text;
  }
}

/** `extra`: more parameters signed with the rest (HTMLPix's `rv`), put after the variables. */
export function signedImageUrl(
  signer: Signer,
  image: SignedImage,
  origin: string,
  path: string,
  extra: Record<string, string> = {},
): string {
  const params = new URLSearchParams();
  params.set('templateId', image.templateId);
  params.set('uid', image.accountId);
  params.set('exp', String(image.expiresAt));
  if (image.version !== undefined) params.set('tv', String(image.version));
  if (image.width !== undefined) params.set('width', String(image.width));
  if (image.height !== undefined) params.set('height', String(image.height));
  if (image.format !== undefined) params.set('format', image.format);
  if (image.quality !== undefined) params.set('quality', String(image.quality));
  if (image.scale !== undefined) params.set('dpr', String(image.scale));
  for (const [name, value] of Object.entries(image.variables))
    params.set(`${VARIABLE}${name}`, encodeValue(value));
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  params.set('sig', signer.sign(canonicalQuery(params)));
  return `${origin}${path}?${params.toString()}`;
}

export interface MintOptions {
  /** Seconds from now until the URL expires. */
  ttlSeconds: number;
  origin: string;
  path: string;
  extra?: Record<string, string>;
}

/** A URL minted now, for POST /v1/urls and HTMLPix alike: the image, its expiry, the URL. */
export function mintImageUrl(
  signer: Signer,
  image: Omit<SignedImage, 'expiresAt'>,
  options: MintOptions,
): { url: string; expiresAt: number } {
  const expiresAt = Date.now() + options.ttlSeconds * 1000;
  const url = signedImageUrl(signer, { ...image, expiresAt }, options.origin, options.path, options.extra);
  return { url, expiresAt };
}

const int = (params: URLSearchParams, name: string) => {
  const text = params.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new PlacardError('VALIDATION_FAILED', `${name} must be a number; received: ${describeValue(text)}`);
  }
  return value;
};

function checkUnexpired(expiresAt: number, now: number): void {
  if (expiresAt <= now) {
    throw new PlacardError(
      'URL_EXPIRED',
      `The URL expired at ${new Date(expiresAt).toISOString()}; mint a new one.`,
      {
        details: { expired_at: new Date(expiresAt).toISOString() },
      },
    );
  }
}

/** The query string of a request URL (after the first `?`), or "" when it has none. */
export function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/** How much query text the verified-URL memo keeps per process. */
const VERIFIED_MEMO_BYTES = 8 * 1024 * 1024;

/**
 * verifySignedImage with a memo by query string: a popular image's URL (every CDN revalidation
 * of it) is parsed and checked by HMAC once per process, its expiry on every request. Only
 * URLs that verified are kept, so forged ones cannot fill it. Images are frozen: shared.
 */
export function signedImageVerifier(signer: Signer): (query: string, now?: number) => SignedImage {
  const verified = new LRUCache<string, SignedImage>({
    maxSize: VERIFIED_MEMO_BYTES,
    sizeCalculation: (_image, query) => query.length + 512,
  });
  return (query, now = Date.now()) => {
    const known = verified.get(query);
    if (known) {
      checkUnexpired(known.expiresAt, now);
      return known;
    }
    const image = verifySignedImage(signer, new URLSearchParams(query), now);
    Object.freeze(image.variables);
    verified.set(query, Object.freeze(image));
    return image;
  };
}

/** Checks signature then expiry (in that order: an expired forgery is still a forgery). */
function verifySignedImage(signer: Signer, params: URLSearchParams, now = Date.now()): SignedImage {
  const sig = params.get('sig') ?? '';
  if (!signer.verify(canonicalQuery(params), sig)) {
    throw new PlacardError(
      'INVALID_SIGNATURE',
      sig
        ? 'The URL signature does not match its parameters: a parameter was changed, or the signing key was retired.'
        : 'The URL has no sig parameter.',
    );
  }
  const expiresAt = int(params, 'exp') ?? 0;
  checkUnexpired(expiresAt, now);
  const variables: Record<string, unknown> = {};
  for (const [name, value] of params)
    if (name.startsWith(VARIABLE)) variables[name.slice(VARIABLE.length)] = decodeValue(value);
  return {
    accountId: params.get('uid') ?? '',
    templateId: params.get('templateId') ?? '',
    version: int(params, 'tv'),
    variables,
    width: int(params, 'width'),
    height: int(params, 'height'),
    format: (params.get('format') ?? undefined) as OutputFormat | undefined,
    quality: int(params, 'quality'),
    scale: int(params, 'dpr'),
    expiresAt,
  };
}
