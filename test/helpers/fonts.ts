// Small test fonts in every upload format, made here from a bundled face (nothing downloaded):
// JetBrains Mono's Latin subset as fontsource ships it (WOFF2, WOFF), decoded to TTF, and
// rebuilt as a CFF-outline OTF with opentype.js from the outlines fontkit reads.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import opentype from 'opentype.js';
import { woffToSfnt } from '../../src/engines/chromium/woff.ts';

const require = createRequire(import.meta.url);
const file = (name: string): Buffer =>
  readFileSync(require.resolve(`@fontsource/jetbrains-mono/files/jetbrains-mono-latin-${name}`));

export const testFonts = {
  woff2: (): Buffer => file('400-normal.woff2'),
  woff: (): Buffer => file('400-normal.woff'),
  ttf: (): Buffer => woffToSfnt(file('400-normal.woff')),
  otf: (): Buffer => cffFont(file('400-normal.woff2'), 'Test Mono'),
  /** Another face of the same family, to tell two uploads apart. */
  boldWoff2: (): Buffer => file('700-normal.woff2'),
};

export type TestFontFormat = 'woff2' | 'woff' | 'ttf' | 'otf';

/** An OTF with CFF outlines of the printable ASCII characters of `source`. */
export function cffFont(source: Buffer, familyName: string): Buffer {
  const font = fontkit.create(source) as fontkit.Font;
  const glyphs = [
    new opentype.Glyph({
      name: '.notdef',
      unicode: 0,
      advanceWidth: font.unitsPerEm / 2,
      path: new opentype.Path(),
    }),
  ];
  for (let codepoint = 0x20; codepoint < 0x7f; codepoint += 1) {
    const glyph = font.glyphForCodePoint(codepoint);
    const path = new opentype.Path();
    for (const { command, args } of glyph.path.commands) {
      const a = args;
      if (command === 'moveTo') path.moveTo(a[0]!, a[1]!);
      else if (command === 'lineTo') path.lineTo(a[0]!, a[1]!);
      else if (command === 'quadraticCurveTo') path.quadraticCurveTo(a[0]!, a[1]!, a[2]!, a[3]!);
      else if (command === 'bezierCurveTo') path.bezierCurveTo(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!);
      else if (command === 'closePath') path.closePath();
    }
    glyphs.push(
      new opentype.Glyph({
        name: `u${codepoint.toString(16)}`,
        unicode: codepoint,
        advanceWidth: glyph.advanceWidth,
        path,
      }),
    );
  }
  const built = new opentype.Font({
    familyName,
    styleName: 'Regular',
    unitsPerEm: font.unitsPerEm,
    ascender: font.ascent,
    descender: font.descent,
    glyphs,
  });
  return Buffer.from(built.toArrayBuffer());
}
