// Checks the library-mode options @vercel/og takes beyond a render body: fonts (ArrayBuffer
// data), emoji and debug. A bad option is a VALIDATION_FAILED that names it, as on the API.
import { PlacardError } from '../errors/placard-error.ts';
import type { EmojiStyle } from '../fonts/emoji.ts';

/** A checked font: its bytes, under the family name the element uses. */
export interface CustomFont {
  name: string;
  data: Uint8Array;
  weight?: number;
  style?: 'normal' | 'italic';
}

/** @vercel/og's font option: the file's bytes under the family name the element uses. */
export interface FontOption {
  name: string;
  data: ArrayBuffer | ArrayBufferView;
  weight?: 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;
  style?: 'normal' | 'italic';
  /** Accepted for compatibility; the font serves whatever text its glyphs cover. */
  lang?: string;
}

/**
 * @vercel/og's emoji sets, drawn from the local sets the render option `emoji` offers (nothing is
 * downloaded at render time), so code passing any of them moves over unchanged.
 */
export const emojiSets = ['twemoji', 'blobmoji', 'noto', 'openmoji', 'fluent', 'fluentFlat'] as const;
export type EmojiSet = (typeof emojiSets)[number];

/**
 * The render's emoji style for an @vercel/og set: Twemoji when none is named (@vercel/og's
 * default); both Fluent sets draw as Fluent Flat (the 3D set is not shipped) and Blobmoji, which
 * no npm package ships, as Noto (the set that replaced it).
 */
export function emojiStyleFor(set: EmojiSet | undefined): EmojiStyle {
  if (set === undefined || set === 'twemoji') return 'twemoji';
  if (set === 'fluent' || set === 'fluentFlat') return 'fluent';
  if (set === 'blobmoji') return 'noto';
  return set;
}

function invalid(field: string, allowed: string, received: unknown): PlacardError {
  const shown =
    received instanceof ArrayBuffer
      ? 'an ArrayBuffer'
      : typeof received === 'object' && received !== null
        ? `an object`
        : JSON.stringify(received);
  return new PlacardError(
    'VALIDATION_FAILED',
    `${field} is invalid; allowed: ${allowed}; received: ${shown}`,
    {
      details: { field, allowed },
    },
  );
}

function bytesOf(data: unknown, field: string): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalid(field, 'an ArrayBuffer, a Buffer or a typed array of a TTF, OTF, WOFF or WOFF2 file', data);
}

export function checkFonts(fonts: unknown): CustomFont[] {
  if (fonts === undefined) return [];
  if (!Array.isArray(fonts)) throw invalid('fonts', 'an array of { name, data, weight?, style? }', fonts);
  return fonts.map((font: Partial<FontOption>, i) => {
    const at = `fonts[${i}]`;
    if (typeof font?.name !== 'string' || font.name.trim() === '')
      throw invalid(`${at}.name`, 'a non-empty family name', font?.name);
    const data = bytesOf(font.data, `${at}.data`);
    if (data.byteLength === 0) throw invalid(`${at}.data`, 'the bytes of a font file', '0 bytes');
    if (
      font.weight !== undefined &&
      !(Number.isInteger(font.weight) && font.weight >= 1 && font.weight <= 1000)
    )
      throw invalid(`${at}.weight`, 'an integer 1-1000 (400 normal, 700 bold)', font.weight);
    if (font.style !== undefined && font.style !== 'normal' && font.style !== 'italic')
      throw invalid(`${at}.style`, '"normal" or "italic"', font.style);
    return {
      name: font.name,
      data,
      ...(font.weight !== undefined && { weight: font.weight }),
      ...(font.style !== undefined && { style: font.style }),
    };
  });
}

export function checkEmoji(emoji: unknown): void {
  if (emoji !== undefined && !(emojiSets as readonly unknown[]).includes(emoji))
    throw invalid('emoji', emojiSets.join(', '), emoji);
}
