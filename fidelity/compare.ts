// How far one render is from another. Two measures:
// - mean Δ: the mean absolute difference per colour channel (0..255) once both images sit on
//   white, so transparency counts. It grows with how much of the card is wrong and how wrong, and
//   stays low for what differs between any two text rasterizers (glyph edges, a 1 px shift).
// - differing pixels: pixelmatch's share of pixels that differ visibly (YIQ distance above 0.1,
//   anti-aliased edge pixels not counted), for a more familiar number in the table.
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';
import type { EngineOutput } from '../src/engines/types.ts';

export interface Rgba {
  width: number;
  height: number;
  data: Buffer;
}

export interface Difference {
  /** Mean absolute channel difference on white, 0..255. */
  meanDelta: number;
  /** Differing pixels / all pixels (pixelmatch), 0..1. */
  differing: number;
  /** The diff picture (reference faded, differences red), RGBA. */
  diff: Rgba;
}

/** Decodes any engine output (encoded or raw RGBA) to RGBA. */
export async function toRgba(output: EngineOutput): Promise<Rgba> {
  if (output.format === 'raw') return { width: output.width, height: output.height, data: output.data };
  const { data, info } = await sharp(output.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

export function difference(reference: Rgba, candidate: Rgba): Difference {
  if (reference.width !== candidate.width || reference.height !== candidate.height) {
    const size = (image: Rgba): string => `${image.width}x${image.height}`;
    throw new Error(`cannot compare ${size(reference)} with ${size(candidate)}`);
  }
  const { width, height } = reference;
  const diff = { width, height, data: Buffer.alloc(width * height * 4) };
  const differing = pixelmatch(reference.data, candidate.data, diff.data, width, height, { threshold: 0.1 });
  return {
    meanDelta: meanDelta(reference.data, candidate.data),
    differing: differing / (width * height),
    diff,
  };
}

function meanDelta(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 4) {
    const alphaA = (a[i + 3] ?? 0) / 255;
    const alphaB = (b[i + 3] ?? 0) / 255;
    for (let c = 0; c < 3; c += 1) {
      const onWhiteA = (a[i + c] ?? 0) * alphaA + 255 * (1 - alphaA);
      const onWhiteB = (b[i + c] ?? 0) * alphaB + 255 * (1 - alphaB);
      sum += Math.abs(onWhiteA - onWhiteB);
    }
  }
  return sum / ((a.length / 4) * 3);
}

export async function writePng(image: Rgba, path: string): Promise<void> {
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 3 })
    .toFile(path);
}
