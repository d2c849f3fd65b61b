// Auto-fit by estimate: the largest font size whose text, wrapped greedily with typical glyph
// widths, stays within its line limit. Exact fitting against the engine's own layout belongs
// to the text-fit report, which can pass explicit sizes; the line clamp still guards the rest.

const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const NARROW = /[iljtfrI.,:;'"!|()[\]\s]/;
const WIDE = /[A-Z0-9MWmw@%&#]/;

/** Rough advance of one character in em, for heavy display faces (a touch generous on purpose). */
function advance(char: string, mono: boolean): number {
  if (CJK.test(char)) return 1;
  if (mono) return 0.6;
  if (NARROW.test(char)) return 0.32;
  if (WIDE.test(char)) return 0.68;
  return 0.56;
}

/** Lines `text` would take at `fontSize` px in a `width` px box, wrapping at spaces (and anywhere in CJK). */
export function estimateLines(text: string, fontSize: number, width: number, mono = false): number {
  if (text.trim() === '') return 0;
  let lines = 1;
  let line = 0;
  // Words keep their trailing space; CJK characters are words of their own.
  for (const word of text.match(/[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]|[^\s\u2e80-\u9fff]+\s*|\s+/g) ??
    []) {
    const w = [...word].reduce((sum, char) => sum + advance(char, mono), 0) * fontSize;
    const ink = w - (/\s$/.test(word) ? advance(' ', mono) * fontSize : 0);
    if (line > 0 && line + ink > width) {
      lines += 1 + Math.floor(Math.max(0, w - width) / width);
      line = w % width;
    } else {
      line += w;
    }
  }
  return lines;
}

export interface FitOptions {
  text: string;
  /** The size wanted, in px; the result is never larger. */
  size: number;
  /** The smallest size allowed, in px. */
  min: number;
  width: number;
  maxLines: number;
  mono?: boolean;
}

/** The largest whole-px size from min to size whose estimate fits; `min` when none does. */
export function fitFontSize(options: FitOptions): number {
  const { text, size, min, width, maxLines, mono = false } = options;
  const fits = (px: number) => estimateLines(text, px, width, mono) <= maxLines;
  if (fits(size)) return size;
  let [low, high] = [Math.floor(min), Math.floor(size)];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return Math.max(min, low);
}
