// Checks an uploaded font before it is accepted and reads what the API lists about it: format,
// family, weight, style and the scripts its cmap covers. fontkit does the parsing (it decodes
// TTF, OTF, WOFF and WOFF2; opentype.js needs an outside decoder for WOFF2), then Takumi must
// register the face on a scratch renderer, so a font that is accepted is a font that draws.
import { Renderer } from '@takumi-rs/core';
import * as fontkit from 'fontkit';
import { getScript } from 'unicode-properties';
import { PlacardError } from '../errors/placard-error.ts';

export type FontFormat = 'ttf' | 'otf' | 'woff' | 'woff2';
export type FontStyle = 'normal' | 'italic';

export interface ParsedFont {
  format: FontFormat;
  family: string;
  weight: number;
  style: FontStyle;
  /** Scripts with at least a few characters in the cmap, most characters first. */
  scripts: string[];
  /** Characters the cmap maps. */
  glyphCount: number;
}

/** A script counts as covered from this many characters (a stray symbol does not make a script). */
const SCRIPT_MIN_CHARACTERS = 8;
const IGNORED_SCRIPTS = new Set(['Common', 'Inherited', 'Unknown']);

// The signatures of the formats Placard takes, by their first four bytes.
const SIGNATURES: Record<string, FontFormat | 'collection'> = {
  '00010000': 'ttf',
  '74727565': 'ttf', // 'true' (old Apple TrueType)
  '4f54544f': 'otf', // 'OTTO' (CFF outlines)
  '774f4646': 'woff',
  '774f4632': 'woff2',
  '74746366': 'collection', // 'ttcf'
};

const ACCEPTED = 'TTF, OTF, WOFF or WOFF2';

export async function parseFont(bytes: Buffer): Promise<ParsedFont> {
  const signature = bytes.length >= 4 ? bytes.subarray(0, 4).toString('hex') : '';
  const format = SIGNATURES[signature];
  if (!format) {
    throw invalid(
      `The file is not a font: a ${ACCEPTED} file starts with a font signature; received ${bytes.length} bytes starting ${describeStart(bytes)}.`,
    );
  }
  if (format === 'collection') {
    throw invalid(
      `The file is a font collection (TTC, several faces in one file); upload each face as its own ${ACCEPTED} file.`,
    );
  }
  const declared = declaredLength(bytes, format);
  if (declared !== undefined && declared > bytes.length) throw truncated(format, bytes.length, declared);

  let font: fontkit.Font;
  let scripts: string[];
  let glyphCount: number;
  try {
    font = fontkit.create(bytes) as fontkit.Font;
    // fontkit reads tables lazily: touch every one a renderer needs, outlines included.
    void font.unitsPerEm;
    void font.hhea.ascent;
    void font['OS/2'];
    const characters = font.characterSet;
    if (characters.length === 0) throw new Error('its cmap maps no characters');
    for (const codepoint of characters.slice(0, 64)) void font.glyphForCodePoint(codepoint).path;
    glyphCount = characters.length;
    scripts = scriptsOf(characters);
  } catch (cause) {
    if (cause instanceof PlacardError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    // fontkit fails on a cut file with a TypeError somewhere inside: say what the header promised.
    if (declared !== undefined && declared > bytes.length) throw truncated(format, bytes.length, declared);
    throw invalid(`The ${format.toUpperCase()} file is damaged and cannot be read: ${reason}.`, cause);
  }
  const family = (font.getName('preferredFamily', 'en') ?? font.familyName ?? '').trim();
  if (!family) throw invalid('The font has no family name in its name table; send one in "family".');
  const os2 = font['OS/2'] as {
    usWeightClass?: number;
    fsSelection?: { italic?: boolean; oblique?: boolean };
  };
  const italic =
    os2.fsSelection?.italic === true || os2.fsSelection?.oblique === true || font.italicAngle !== 0;
  const weight = clampWeight(os2.usWeightClass ?? 400);
  await assertDraws(bytes, format);
  return { format, family, weight, style: italic ? 'italic' : 'normal', scripts, glyphCount };
}

/** Registers the face on a throwaway renderer: Takumi's own parser has the last word. */
async function assertDraws(bytes: Buffer, format: FontFormat): Promise<void> {
  try {
    const families = await new Renderer().registerFont({ data: bytes, name: 'placard-upload-check' });
    if (families.length === 0) throw new Error('no face was registered');
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw invalid(
      `The ${format.toUpperCase()} file parses, but the renderer cannot use it: ${reason}.`,
      cause,
    );
  }
}

/**
 * The file size the header promises: WOFF and WOFF2 store it (bytes 8-11); a plain SFNT implies it
 * through its table records (offset + length of each). Read here because fontkit does not say a
 * file is cut short: it fails later with an unrelated TypeError.
 */
export function declaredLength(bytes: Buffer, format: FontFormat): number | undefined {
  if (format === 'woff' || format === 'woff2') return bytes.length >= 12 ? bytes.readUInt32BE(8) : 12;
  if (bytes.length < 12) return 12;
  const tables = bytes.readUInt16BE(4);
  let end = 12 + tables * 16;
  if (end > bytes.length) return end;
  for (let i = 0; i < tables; i += 1) {
    const record = 12 + i * 16;
    end = Math.max(end, bytes.readUInt32BE(record + 8) + bytes.readUInt32BE(record + 12));
  }
  return end;
}

export function scriptsOf(codepoints: Iterable<number>): string[] {
  const counts = new Map<string, number>();
  for (const codepoint of codepoints) {
    const script = getScript(codepoint) as string | null; // null for unassigned codepoints
    if (script && !IGNORED_SCRIPTS.has(script)) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= SCRIPT_MIN_CHARACTERS)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([script]) => script);
}

const clampWeight = (weight: number): number => Math.min(1000, Math.max(1, Math.round(weight)));

function describeStart(bytes: Buffer): string {
  const head = bytes.subarray(0, 8);
  const printable = /^[\x20-\x7e]*$/.test(head.toString('latin1'));
  return printable ? JSON.stringify(head.toString('latin1')) : `0x${head.toString('hex')}`;
}

function invalid(message: string, cause?: unknown): PlacardError {
  return new PlacardError('FONT_INVALID', message, {
    cause,
    details: { accepted: ['ttf', 'otf', 'woff', 'woff2'] },
  });
}

function truncated(format: FontFormat, received: number, declared: number): PlacardError {
  return new PlacardError(
    'FONT_TRUNCATED',
    `The ${format.toUpperCase()} file is cut short: its header says ${declared} bytes, received ${received}. Upload the whole file.`,
    { details: { declared_bytes: declared, received_bytes: received } },
  );
}
