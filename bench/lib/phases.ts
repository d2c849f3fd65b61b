// Where a bare Takumi render spends its time, and what other PNG encoders would cost. Takumi
// exposes no per-phase timings, so the split is measured around its calls, interleaved so load
// from elsewhere hits every call alike: measure() is layout alone, a `raw` render is layout +
// raster, a `png` render adds the encode. The encoders take the same raw pixels. Last, Takumi's
// PNG path and the raw + sharp candidate are run with several renders in flight, where they differ.
import type { Node, Renderer, RenderOptions } from '@takumi-rs/core';
import sharp from 'sharp';
import { percentile } from './stats.ts';

/**
 * The candidate faster PNG path: sharp (libspng) at level 6, no adaptive filter, alpha kept, from
 * Takumi's raw pixels. The native engine shipped it briefly (revision 2): on a quiet machine it
 * was 1.85x slower per card than Takumi's own encoder, so the engine went back; it is kept here
 * because on busy cores it drew up to 3x the cards/s, and the bench shows which holds.
 */
function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
}

export interface TakumiPhases {
  layoutMs: number;
  rasterMs: number;
  encodeMs: number;
  /** Takumi's own PNG (the default options): size and the full render's median. */
  pngBytes: number;
  pngMs: number;
}

/** Cards per second with `concurrency` renders in flight, each path in alternating windows. */
export interface PngThroughput {
  concurrency: number;
  takumiPngPerSec: number;
  rawSharpPerSec: number;
}

export interface EncoderFigure {
  name: string;
  /** Median time to encode the raw pixels (not counting the draw). */
  ms: number;
  bytes: number;
}

const ROUNDS = 40;

const median = (samples: number[]) => percentile(samples, 50);

async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const out = await work();
  samples.push(performance.now() - started);
  return out;
}

export async function takumiPhases(
  renderer: Renderer,
  node: Node,
  options: RenderOptions,
  concurrency: number,
): Promise<{ phases: TakumiPhases; encoders: EncoderFigure[]; pngThroughput: PngThroughput }> {
  const layout: number[] = [];
  const raw: number[] = [];
  const png: number[] = [];
  let pixels = Buffer.alloc(0);
  let pngBytes = 0;
  for (let round = -5; round < ROUNDS; round += 1) {
    const l: number[] = [];
    const r: number[] = [];
    const p: number[] = [];
    await timed(l, () => renderer.measure(node, options));
    pixels = await timed(r, () => renderer.render(node, { ...options, format: 'raw' }));
    pngBytes = (await timed(p, () => renderer.render(node, { ...options, format: 'png' }))).length;
    if (round < 0) continue; // warm-up
    layout.push(...l);
    raw.push(...r);
    png.push(...p);
  }
  const phases = {
    layoutMs: median(layout),
    rasterMs: median(raw) - median(layout),
    encodeMs: median(png) - median(raw),
    pngBytes,
    pngMs: median(png),
  };
  const { width = 0, height = 0 } = options;
  const input = () => sharp(pixels, { raw: { width, height, channels: 4 } });
  // The candidates for a faster PNG path: sharp (libspng) at low levels, alpha dropped (every
  // pixel of a card on a page colour is opaque) and without adaptive filtering (its fast mode).
  const candidates: Record<string, () => Promise<Buffer>> = {
    'sharp png level 1, RGB': () =>
      input().removeAlpha().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer(),
    'sharp png level 3, RGB': () =>
      input().removeAlpha().png({ compressionLevel: 3, adaptiveFiltering: false }).toBuffer(),
    'sharp png level 6, RGB': () =>
      input().removeAlpha().png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer(),
    // The candidate path (encodePng above).
    'sharp png level 6, RGBA': () => encodePng(pixels, width, height),
  };
  const encoders: EncoderFigure[] = [];
  for (const [name, encode] of Object.entries(candidates)) {
    const samples: number[] = [];
    let bytes = 0;
    for (let round = -3; round < ROUNDS / 2; round += 1) {
      const out = await timed(round < 0 ? [] : samples, encode);
      bytes = out.length;
    }
    encoders.push({ name, ms: median(samples), bytes });
  }
  const paths = {
    takumi: () => renderer.render(node, { ...options, format: 'png' }),
    rawSharp: async () =>
      encodePng(await renderer.render(node, { ...options, format: 'raw' }), width, height),
  };
  const done = { takumi: 0, rawSharp: 0 };
  const WINDOW_MS = 1000;
  for (let round = 0; round < 3; round += 1) {
    for (const [name, draw] of Object.entries(paths) as [keyof typeof paths, () => Promise<Buffer>][]) {
      const end = performance.now() + WINDOW_MS;
      const lane = async () => {
        while (performance.now() < end) {
          await draw();
          done[name] += 1;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
    }
  }
  const perSec = (n: number) => n / ((3 * WINDOW_MS) / 1000);
  const pngThroughput = {
    concurrency,
    takumiPngPerSec: perSec(done.takumi),
    rawSharpPerSec: perSec(done.rawSharp),
  };
  return { phases, encoders, pngThroughput };
}
