// Helpers for engine tests (both engines, the contract suite, fit and template tests): default
// render options, and outputs decoded to RGBA pixels with a few ways to read them.
import sharp from 'sharp';
import type { EngineOutput, EngineRenderOptions } from '../../src/engines/types.ts';

export function renderOptions(overrides: Partial<EngineRenderOptions> = {}): EngineRenderOptions {
  return {
    width: 200,
    height: 100,
    scale: 1,
    format: 'png',
    quality: undefined,
    background: 'white',
    assets: new Map(),
    signal: new AbortController().signal,
    ...overrides,
  };
}

export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
  /** RGBA at (x, y). */
  at(x: number, y: number): [number, number, number, number];
}

/** Decodes any engine output (raw RGBA or an encoded image) to RGBA pixels. */
export async function pixels(output: EngineOutput): Promise<Pixels> {
  const { data, info } =
    output.format === 'raw'
      ? { data: output.data, info: { width: output.width, height: output.height } }
      : await sharp(output.data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data,
    at(x, y) {
      const i = (y * info.width + x) * 4;
      return [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
    },
  };
}

/** The box around every pixel that is not plain white: [x, y, width, height]. */
export function inkBox(image: Pixels): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -1, -1];
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const [r, g, b] = image.at(x, y);
      if (r === 255 && g === 255 && b === 255) continue;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
  }
  return maxX < 0 ? [0, 0, 0, 0] : [minX, minY, maxX - minX + 1, maxY - minY + 1];
}

/** How many pixels differ between two images of the same size. */
export function differingPixels(a: Pixels, b: Pixels): number {
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data.readUInt32LE(i) !== b.data.readUInt32LE(i)) count += 1;
  }
  return count;
}

/** Whether some pixel is a strongly saturated colour (emoji, not grey text). */
export function hasSaturatedPixel(image: Pixels): boolean {
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 120) return true;
  }
  return false;
}
