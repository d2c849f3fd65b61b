// Font metrics for `ch` and `ex`, read from the bundled font files with fontkit the way Chromium
// reads them: 1ch is the advance of "0", 1ex the OS/2 x-height, both of the first family in the
// list Placard ships (else Inter, the fallback both engines use), at the nearest bundled weight.
// A list whose first known family is one of the render's own (account) fonts gets no answer: that
// face draws the text, its file is loaded only later, and the length is left for Chromium.
import * as fontkit from 'fontkit';
import { LRUCache } from 'lru-cache';
import { bundledFaces, normalizeFamilyName } from '../../../fonts/catalog.ts';

/** ch and ex in em (the font's size is 1). */
export interface UnitRatios {
  ch: number;
  ex: number;
}

const cache = new Map<string, UnitRatios | null>();

/** The ratios for a computed `font-family` list, weight and style, or undefined if unknown. */
export function unitRatios(
  familyList: string,
  weight: number,
  italic: boolean,
  accountFamilies: ReadonlySet<string> = new Set(),
): UnitRatios | undefined {
  if (accountFamilies.size > 0) {
    const names = familyList.split(',').map(normalizeFamilyName);
    const first = names.find((name) => accountFamilies.has(name) || bundledNames().has(name));
    if (first !== undefined && accountFamilies.has(first)) return undefined;
  }
  const key = `${familyList}|${weight}|${italic}`;
  if (!cache.has(key)) cache.set(key, read(familyList, weight, italic) ?? null);
  return cache.get(key) ?? undefined;
}

function read(familyList: string, weight: number, italic: boolean): UnitRatios | undefined {
  const font = openFace(familyList, weight, italic, 0x30);
  const zero = font?.glyphForCodePoint(0x30);
  if (!font || !zero || !font.unitsPerEm) return undefined;
  return { ch: zero.advanceWidth / font.unitsPerEm, ex: font.xHeight / font.unitsPerEm };
}

// Parsed faces, a few at a time: text measurement opens the same Latin face for every line, and
// vertical text one CJK subset file per range its characters fall in.
const opened = new LRUCache<string, fontkit.Font>({ max: 32 });

/** The bundled face a family list draws `codePoint` with (first listed family that has it, else Inter). */
export function openFace(
  familyList: string,
  weight: number,
  italic: boolean,
  codePoint: number,
): fontkit.Font | undefined {
  const key = `${familyList}|${weight}|${italic}|${codePoint}`;
  const file = chosen.get(key) ?? chooseFace(familyList, weight, italic, codePoint) ?? '';
  chosen.set(key, file);
  if (file === '') return undefined;
  let font = opened.get(file);
  if (!font) {
    font = fontkit.openSync(file) as fontkit.Font;
    opened.set(file, font);
  }
  return font;
}

/** Which file openFace opens, by its arguments ('' for none). */
const chosen = new LRUCache<string, string>({ max: 4096 });

function chooseFace(
  familyList: string,
  weight: number,
  italic: boolean,
  codePoint: number,
): string | undefined {
  const faces = bundledFaces().filter((face) => covers(face.unicodeRange, codePoint));
  const names = familyList.split(',').map(normalizeFamilyName);
  const family =
    names.find((name) => faces.some((face) => normalizeFamilyName(face.family) === name)) ?? 'inter';
  const candidates = faces.filter((face) => normalizeFamilyName(face.family) === family);
  const styled = candidates.filter((face) => (face.style === 'italic') === italic);
  const pool = styled.length > 0 ? styled : candidates;
  const face = [...pool].sort((a, b) => Math.abs(a.weight - weight) - Math.abs(b.weight - weight))[0];
  return face?.file;
}

/** A face's line metrics in em: hhea ascent and descent (what Chromium uses on Linux), and the
 * OS/2 typo ascender, which a CJK font sets to the top of its ideographic em box. */
export interface LineMetrics {
  ascent: number;
  descent: number;
  typoAscent: number;
}

const lineCache = new LRUCache<string, LineMetrics | { none: true }>({ max: 4096 });

/** Line metrics of the face that draws `codePoint` for a family list (see unitRatios for account fonts). */
export function lineMetrics(
  familyList: string,
  weight: number,
  italic: boolean,
  codePoint: number,
  accountFamilies: ReadonlySet<string> = new Set(),
): LineMetrics | undefined {
  if (accountFamilies.size > 0) {
    const names = familyList.split(',').map(normalizeFamilyName);
    if (names.some((name) => accountFamilies.has(name))) return undefined;
  }
  const key = `${familyList}|${weight}|${italic}|${codePoint}`;
  let found = lineCache.get(key);
  if (!found) {
    const font = openFace(familyList, weight, italic, codePoint);
    const em = font?.unitsPerEm;
    found =
      font && em
        ? {
            ascent: font.ascent / em,
            descent: -font.descent / em,
            typoAscent: (font['OS/2'] as { typoAscender: number }).typoAscender / em,
          }
        : { none: true };
    lineCache.set(key, found);
  }
  return 'none' in found ? undefined : found;
}

let bundled: Set<string> | undefined;
function bundledNames(): Set<string> {
  bundled ??= new Set(bundledFaces().map((face) => normalizeFamilyName(face.family)));
  return bundled;
}

function covers(ranges: readonly (readonly [number, number])[], codePoint: number): boolean {
  return ranges.length === 0 || ranges.some(([start, end]) => codePoint >= start && codePoint <= end);
}
