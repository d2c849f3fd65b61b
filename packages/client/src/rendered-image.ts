// Reads what POST /v1/render's headers say about the image into one object.
import type { RenderedImage } from './types.ts';

const numberOr = (value: string | null) => (value === null || value === '' ? undefined : Number(value));

export function imageFromResponse(response: Response, body: ArrayBuffer): RenderedImage {
  const h = response.headers;
  const fallback = h.get('x-font-fallback');
  const overflow = h.get('x-layout-overflow');
  return {
    data: new Uint8Array(body),
    contentType: h.get('content-type') ?? 'application/octet-stream',
    etag: h.get('etag') ?? undefined,
    cache: h.get('x-cache') ?? undefined,
    renderMs: numberOr(h.get('x-render-ms')),
    engine: h.get('x-engine') ?? undefined,
    width: numberOr(h.get('x-image-width')),
    height: numberOr(h.get('x-image-height')),
    // "Brand Sans, Other -> Inter": the families before the arrow.
    fontFallbacks: fallback
      ? fallback
          .replace(/\s*->.*$/, '')
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : [],
    textFit: h.get('x-text-fit') ?? undefined,
    layoutOverflow: overflow === null ? undefined : overflow === 'true',
    engineWarning: h.get('x-engine-warning') ?? undefined,
    notModified: response.status === 304,
  };
}
