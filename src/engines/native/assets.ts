// Turns loaded assets into Takumi image sources. Takumi decodes PNG, JPEG, WebP, GIF and SVG and
// fails the whole render on anything else, so other formats (AVIF, TIFF, HEIF...) are converted
// to PNG with sharp first, and bytes nothing can decode draw as an empty box, as a browser's
// broken image does.
import type { ImageSource, Renderer } from '@takumi-rs/core';
import sharp from 'sharp';

// Keyed by the asset's bytes object: a pipeline that caches assets hands the same object back,
// so a converted image is converted once. Entries go when the cached bytes go.
const converted = new WeakMap<Uint8Array, Uint8Array | null>();

export async function toImageSources(assets: ReadonlyMap<string, Uint8Array>): Promise<ImageSource[]> {
  const sources: ImageSource[] = [];
  const conversions: Promise<void>[] = [];
  for (const [src, data] of assets) {
    if (takumiDecodes(data)) {
      sources.push({ src, data });
      continue;
    }
    conversions.push(
      toPng(data).then((png) => {
        if (png) sources.push({ src, data: png });
      }),
    );
  }
  await Promise.all(conversions);
  return sources;
}

async function toPng(data: Uint8Array): Promise<Uint8Array | null> {
  let png = converted.get(data);
  if (png === undefined) {
    png = await sharp(data, { animated: false })
      .png({ compressionLevel: 1 })
      .toBuffer()
      .catch(() => null);
    converted.set(data, png);
  }
  return png;
}

/** Whether a Takumi error is about image bytes it could not decode. */
export function isImageDecodeError(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /decoding the image data|parsing an SVG image/i.test(text);
}

/**
 * The images without those Takumi cannot decode (each tried alone in a 1x1 render), or undefined
 * when all decode. The first `trusted` images (local emoji) are kept untried. Only runs after a
 * render failed, so the happy path pays nothing.
 */
export async function withoutUndecodable(
  renderer: Renderer,
  images: readonly ImageSource[],
  trusted: number,
): Promise<ImageSource[] | undefined> {
  const checks = images.slice(trusted).map((image) =>
    renderer
      .render(
        { type: 'image', src: image.src, width: 1, height: 1 },
        { width: 1, height: 1, format: 'raw', images: [image] },
      )
      .then(
        () => true,
        () => false,
      ),
  );
  const decodes = await Promise.all(checks);
  if (decodes.every(Boolean)) return undefined;
  return [...images.slice(0, trusted), ...images.slice(trusted).filter((_, i) => decodes[i])];
}

/** Magic-byte check for the formats Takumi 2.16 decodes itself. */
export function takumiDecodes(data: Uint8Array): boolean {
  const ascii = (from: number, to: number): string => String.fromCharCode(...data.subarray(from, to));
  if (data[0] === 0x89 && ascii(1, 4) === 'PNG') return true;
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return true;
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return true;
  if (ascii(0, 4) === 'GIF8') return true;
  // SVG is text: look past a BOM, whitespace, an XML declaration or comments for `<svg`.
  const head = new TextDecoder().decode(data.subarray(0, 1024)).replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[\s\S]*?\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head);
}
