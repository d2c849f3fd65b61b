// The weight range of a variable font (its `wght` axis), read with fontkit. A browser clamps a
// requested weight to a face's declared `font-weight`: a variable face declared as one weight
// (say 400) is drawn at 400 and made bold synthetically, so its @font-face must declare the
// axis range for `font-weight: 300` or `650` to draw the real instance, as the native engine does.
import * as fontkit from 'fontkit';
import { LRUCache } from 'lru-cache';

export interface WeightRange {
  min: number;
  max: number;
}

/** By face id: a face's bytes never change under its id, so each is read once per node. */
const ranges = new LRUCache<string, WeightRange | false>({ max: 1000 });

/** The `wght` axis of a variable font, or undefined for a static font (or one fontkit cannot read). */
export function weightRange(bytes: Uint8Array, id?: string): WeightRange | undefined {
  const known = id === undefined ? undefined : ranges.get(id);
  if (known !== undefined) return known || undefined;
  let range: WeightRange | undefined;
  try {
    const font = fontkit.create(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    ) as fontkit.Font;
    const axis = font.variationAxes.wght;
    if (axis && axis.max > axis.min) range = { min: Math.round(axis.min), max: Math.round(axis.max) };
  } catch {
    // Uploads were parsed when accepted; a file fontkit cannot read here is drawn as declared.
  }
  if (id !== undefined) ranges.set(id, range ?? false);
  return range;
}

/** The @font-face `font-weight` descriptor for a face: its axis range when variable. */
export function fontWeightDescriptor(weight: number, bytes: Uint8Array, id?: string): string {
  const range = weightRange(bytes, id);
  return range ? `${range.min} ${range.max}` : String(weight);
}
