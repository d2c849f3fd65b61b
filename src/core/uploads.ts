// Checks an uploaded image before anything draws it: the format is read from the bytes (not
// the file name or Content-Type), the size and the pixel count are capped (a small file that
// decodes to gigapixels is a decompression bomb), and the whole image must decode.
import sharp, { type Metadata } from 'sharp';
import { PlacardError } from '../errors/placard-error.ts';

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
  /** sharp format names: jpeg, png, webp, ... */
  formats: readonly string[];
}

export interface CheckedImage {
  mime: string;
  width: number;
  height: number;
}

const invalid = (message: string, details: Record<string, unknown>) =>
  new PlacardError('VALIDATION_FAILED', message, { details: { field: 'image', ...details } });

export async function checkImageUpload(bytes: Buffer, limits: UploadLimits): Promise<CheckedImage> {
  if (bytes.length === 0) throw invalid('The image is empty.', { received: 0 });
  if (bytes.length > limits.maxBytes) {
    throw invalid(`The image is ${bytes.length} bytes; allowed: at most ${limits.maxBytes} bytes.`, {
      allowed: limits.maxBytes,
      received: bytes.length,
    });
  }
  const allowed = limits.formats.join(', ');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw invalid(`The file is not an image Placard can read; allowed: ${allowed}.`, {
      allowed,
      cause: String(cause),
    });
  }
  if (!meta.format || !limits.formats.includes(meta.format)) {
    throw invalid(`The image is ${meta.format ?? 'of an unknown format'}; allowed: ${allowed}.`, {
      allowed,
      received: meta.format,
    });
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > limits.maxPixels) {
    throw invalid(
      `The image is ${meta.width}x${meta.height} (${pixels} pixels); allowed: at most ${limits.maxPixels} pixels.`,
      { allowed: limits.maxPixels, received: pixels },
    );
  }
  try {
    // A full decode (to a thumbnail) catches truncated and corrupt files the header hides.
    await sharp(bytes, { limitInputPixels: limits.maxPixels })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer();
  } catch (cause) {
    throw invalid('The image is damaged or truncated and cannot be decoded.', { cause: String(cause) });
  }
  return { mime: `image/${meta.format}`, width: meta.width ?? 0, height: meta.height ?? 0 };
}
