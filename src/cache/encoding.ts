// How a render is stored as one Redis value: a version byte, a 4-byte big-endian header
// length, the JSON header (everything but the image), then the image bytes as they are. No
// base64: a 200 KB PNG stays 200 KB in Redis and on the wire.
import type { CachedRender } from './types.ts';

/** Bumped when the layout changes; values of another version read as misses. */
export const RENDER_ENCODING_VERSION = 1;
const PREFIX_BYTES = 5;

/** Everything but the image bytes, which follow the header as they are. */
type Header = Omit<CachedRender, 'data'>;

export function encodeRender(value: CachedRender): Buffer {
  const header: Header = {
    contentType: value.contentType,
    etag: value.etag,
    format: value.format,
    width: value.width,
    height: value.height,
    renderMs: value.renderMs,
    fontFallbacks: value.fontFallbacks,
    ...(value.fit && { fit: value.fit }),
    ...(value.engine && { engine: value.engine }),
    ...(value.engineWarning && { engineWarning: value.engineWarning }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.writeUInt8(RENDER_ENCODING_VERSION, 0);
  prefix.writeUInt32BE(json.length, 1);
  return Buffer.concat([prefix, json, value.data]);
}

/** undefined for a value written by another encoding version; throws on a damaged value. */
export function decodeRender(raw: Buffer): CachedRender | undefined {
  if (raw.length < PREFIX_BYTES) throw new Error(`cached value too short (${raw.length} bytes)`);
  // During a rolling upgrade nodes of two versions share Redis: the other's values are misses.
  if (raw.readUInt8(0) !== RENDER_ENCODING_VERSION) return undefined;
  const headerEnd = PREFIX_BYTES + raw.readUInt32BE(1);
  if (headerEnd > raw.length) throw new Error('cached value header runs past its end');
  const header = JSON.parse(raw.toString('utf8', PREFIX_BYTES, headerEnd)) as unknown;
  if (!isHeader(header)) throw new Error('cached value header is not a render header');
  // A view, not a copy: the raw buffer is ours alone.
  return { ...header, data: raw.subarray(headerEnd) };
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    typeof h.contentType === 'string' &&
    typeof h.etag === 'string' &&
    typeof h.format === 'string' &&
    typeof h.width === 'number' &&
    typeof h.height === 'number' &&
    typeof h.renderMs === 'number' &&
    Array.isArray(h.fontFallbacks) &&
    h.fontFallbacks.every((name) => typeof name === 'string') &&
    (h.fit === undefined ||
      (typeof h.fit === 'object' &&
        h.fit !== null &&
        Array.isArray((h.fit as { elements?: unknown }).elements)))
  );
}
