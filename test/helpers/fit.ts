// Helpers for the fit tests: measure and draw one document with the native engine, and read
// text lines back out of the pixels, so a fit report can be checked against what was drawn.
import { pixels, renderOptions, type Pixels } from './engine.ts';
import type { Engine, LayoutBox, MeasuredLayout, RenderDocument } from '../../src/engines/types.ts';

export interface Drawn {
  layout: MeasuredLayout;
  image: Pixels;
}

export const measureOptions = (width: number, height: number, scale = 1) => ({
  width,
  height,
  scale,
  assets: new Map<string, Uint8Array>(),
  signal: new AbortController().signal,
});

export async function measureDocument(
  engine: Engine,
  document: RenderDocument,
  width: number,
  height: number,
): Promise<MeasuredLayout> {
  return engine.measure!(engine.prepare(document), measureOptions(width, height));
}

/** Measures and draws the same prepared document. */
export async function drawAndMeasure(
  engine: Engine,
  document: RenderDocument,
  width: number,
  height: number,
): Promise<Drawn> {
  const prepared = engine.prepare(document);
  const [layout, output] = await Promise.all([
    engine.measure!(prepared, measureOptions(width, height)),
    engine.render(prepared, renderOptions({ width, height })),
  ]);
  return { layout, image: await pixels(output) };
}

export function boxOf(layout: MeasuredLayout, name: string): LayoutBox {
  const text = layout.texts.find((entry) => entry.name === name);
  if (!text) throw new Error(`nothing measured for ${name}`);
  return text.box;
}

/** A preset title pixel: near-white (#f8fafc); description slate, tag accent and texture are not. */
export const titleInk = ([r, g, b]: readonly number[]) => Math.min(r ?? 0, g ?? 0, b ?? 0) > 170;

/**
 * Which rows from `top` to `bottom` hold ink between columns `left` and `right`. With `dense`,
 * only rows with at least that fraction of the inkiest row's count: scripts whose ascenders and
 * descenders reach into the next line (Arabic) still show a gap between their dense cores.
 */
export function inkRows(
  image: Pixels,
  area: { left: number; right: number; top: number; bottom: number },
  isInk: (rgba: readonly number[]) => boolean,
  dense = 0,
): boolean[] {
  const counts: number[] = [];
  for (
    let y = Math.max(0, Math.floor(area.top));
    y < Math.min(image.height, Math.ceil(area.bottom));
    y += 1
  ) {
    let count = 0;
    for (let x = Math.max(0, Math.floor(area.left)); x < Math.min(image.width, area.right); x += 1) {
      if (isInk(image.at(x, y))) count += 1;
    }
    counts.push(count);
  }
  const least = Math.max(1, dense * Math.max(0, ...counts));
  return counts.map((count) => count >= least);
}

/** Runs of inked rows (or columns) at least `min` long: text lines, or glyphs. */
export function bands(inked: readonly boolean[], min = 3): [number, number][] {
  const found: [number, number][] = [];
  let start = -1;
  inked.forEach((on, i) => {
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      if (i - start >= min) found.push([start, i]);
      start = -1;
    }
  });
  if (start >= 0 && inked.length - start >= min) found.push([start, inked.length]);
  return found;
}
