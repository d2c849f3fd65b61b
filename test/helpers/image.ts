// Image assertions: decode with sharp, compare with committed reference PNGs with a
// tolerance (fonts are pinned by package version, anti-aliasing may still move a little).
import fs from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import sharp from 'sharp';

const REFERENCES = path.resolve(import.meta.dirname, '../reference');
const OUTPUT = path.resolve(import.meta.dirname, '../output');

export interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  channels: number;
}

export async function decode(image: Buffer): Promise<Pixels> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

export function pixelAt(p: Pixels, x: number, y: number): [number, number, number, number] {
  const i = (y * p.width + x) * p.channels;
  return [p.data[i]!, p.data[i + 1]!, p.data[i + 2]!, p.data[i + 3]!];
}

/**
 * Compares `png` with test/reference/<name>.png. Returns the fraction of pixels that differ
 * beyond pixelmatch's colour threshold. UPDATE_REFERENCES=1 writes the reference instead.
 */
export async function diffWithReference(name: string, png: Buffer): Promise<number> {
  const file = path.join(REFERENCES, `${name}.png`);
  if (process.env.UPDATE_REFERENCES === '1') {
    fs.mkdirSync(REFERENCES, { recursive: true });
    fs.writeFileSync(file, await sharp(png).png().toBuffer());
    return 0;
  }
  if (!fs.existsSync(file)) throw new Error(`No reference image ${file}; run with UPDATE_REFERENCES=1`);
  const [actual, expected] = await Promise.all([decode(png), decode(fs.readFileSync(file))]);
  if (actual.width !== expected.width || actual.height !== expected.height) {
    throw new Error(
      `${name}: size ${actual.width}x${actual.height} differs from reference ${expected.width}x${expected.height}`,
    );
  }
  const diff = Buffer.alloc(actual.width * actual.height * 4);
  const changed = pixelmatch(actual.data, expected.data, diff, actual.width, actual.height, {
    threshold: 0.1,
  });
  const ratio = changed / (actual.width * actual.height);
  if (ratio > 0) {
    fs.mkdirSync(OUTPUT, { recursive: true });
    const raw = { raw: { width: actual.width, height: actual.height, channels: 4 as const } };
    await sharp(actual.data, raw)
      .png()
      .toFile(path.join(OUTPUT, `${name}.actual.png`));
    await sharp(diff, raw)
      .png()
      .toFile(path.join(OUTPUT, `${name}.diff.png`));
  }
  return ratio;
}
