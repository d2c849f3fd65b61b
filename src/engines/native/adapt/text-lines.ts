// Where a browser breaks a run of Latin text into lines of a given width, measured with the
// bundled font's own shaping (fontkit: kerning, ligatures) the way Chromium and Takumi shape it.
// Breaks fall after spaces and after a hyphen between letters (UAX #14); a line takes words
// while they fit. A line that fits, or a next word that does not, by less than EPSILON_PX is too
// close to call (the engines round widths differently), and the answer is undefined.
import type * as fontkit from 'fontkit';
import { normalizeFamilyName } from '../../../fonts/catalog.ts';
import { openFace } from './metrics.ts';

const EPSILON_PX = 0.5;

export interface Line {
  /** Offsets into the text: the line is text.slice(start, end), trailing space not included. */
  start: number;
  end: number;
}

export interface Font {
  family: string;
  weight: number;
  italic: boolean;
  size: number;
  /** px added after every character (letter-spacing). */
  letterSpacing?: number;
  /** font-variant: small-caps: the face's smcp, else lower case drawn as capitals at 0.7 size (Chromium's synthesis). */
  smallCaps?: boolean;
}

/** Lines of `text` (white space already collapsed) in boxes `width` px wide, or undefined. */
export function breakLines(
  text: string,
  font: Font,
  width: number,
  accountFamilies: ReadonlySet<string> = new Set(),
  maxLines = Infinity,
): Line[] | undefined {
  if (font.family.split(',').some((name) => accountFamilies.has(normalizeFamilyName(name)))) return undefined;
  const face = singleFace(text, font);
  if (!face) return undefined;
  const measure = (start: number, end: number): number => runWidth(face, text.slice(start, end), font);
  const opportunities: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === ' ') opportunities.push(i + 1);
    else if (text[i] === '-' && /\p{L}/u.test(text[i - 1] ?? '') && /\p{L}/u.test(text[i + 1] ?? ''))
      opportunities.push(i + 1);
  }
  opportunities.push(text.length);
  const trimmedEnd = (end: number) => (text[end - 1] === ' ' ? end - 1 : end);
  const lines: Line[] = [];
  let start = 0;
  let first = 0; // index of the first opportunity after `start`
  while (start < text.length) {
    // Widths grow with every opportunity taken, so the last one that fits is found by search.
    const fits = (i: number) => measure(start, trimmedEnd(opportunities[i]!)) < width;
    const last = opportunities.length - 1;
    if (!fits(first)) return undefined; // a word wider than the line: overflow rules apply
    // Gallop (a line holds a few words), then bisect: short strings are shaped, not the whole rest.
    let low = first;
    let step = 1;
    while (low + step <= last && fits(low + step)) {
      low += step;
      step *= 2;
    }
    let high = Math.min(low + step, last + 1);
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (fits(mid)) low = mid;
      else high = mid;
    }
    const end = opportunities[low]!;
    if (width - measure(start, trimmedEnd(end)) < EPSILON_PX) return undefined;
    if (low < last && measure(start, trimmedEnd(opportunities[low + 1]!)) - width < EPSILON_PX)
      return undefined;
    lines.push({ start, end: trimmedEnd(end) });
    if (lines.length >= maxLines || low === last) return lines;
    start = end;
    first = low + 1;
  }
  return lines;
}

/** The width of `text` on one line in px, or undefined when one bundled face does not draw it all. */
export function textWidth(
  text: string,
  font: Font,
  accountFamilies: ReadonlySet<string> = new Set(),
): number | undefined {
  if (font.family.split(',').some((name) => accountFamilies.has(normalizeFamilyName(name)))) return undefined;
  const face = singleFace(text, font);
  return face && runWidth(face, text, font);
}

/** The one font file that has every character of the text, or undefined. */
function singleFace(text: string, font: Font): fontkit.Font | undefined {
  let face: fontkit.Font | undefined;
  for (const char of new Set(text)) {
    const found = openFace(font.family, font.weight, font.italic, char.codePointAt(0) ?? 0);
    if (!found || !found.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)) return undefined;
    if (face && found !== face) return undefined;
    face = found;
  }
  return face;
}

/** The advance of `text` in px, letter-spacing and small capitals included. */
function runWidth(face: fontkit.Font, text: string, font: Font): number {
  const advance = (run: string, features: string[], scale: number) =>
    (face.layout(run, features).positions.reduce((sum, p) => sum + p.xAdvance, 0) / face.unitsPerEm) *
    font.size *
    scale;
  let width = 0;
  if (!font.smallCaps) width = advance(text, [], 1);
  else if (face.availableFeatures.includes('smcp')) width = advance(text, ['smcp'], 1);
  else {
    for (const run of text.match(/\p{Ll}+|\P{Ll}+/gu) ?? []) {
      width += /\p{Ll}/u.test(run) ? advance(run.toUpperCase(), [], SMALL_CAPS_SCALE) : advance(run, [], 1);
    }
  }
  return width + [...text].length * (font.letterSpacing ?? 0);
}

/** Chromium's size for synthesized small capitals, of the font size. */
const SMALL_CAPS_SCALE = 0.7;
