// OG Engine's `style.font` names one of its eight fonts. Placard also takes the family of one of
// the caller's own fonts (POST /v1/fonts) there, as the doc's custom assets on the Scale plan: the
// family names are read only when a body names a font outside the eight.
import { normalizeFamilyName } from '../../../fonts/catalog.ts';
import type { FontLibrary } from '../../../fonts/library.ts';
import { ogFonts } from './request.ts';

export interface FontsDeps {
  /** The caller's own fonts, read for their family names. */
  fonts: Pick<FontLibrary, 'list'>;
}

const NONE: ReadonlySet<string> = new Set();

/** The caller's font families (normalized) when one of `bodies` needs them, else an empty set. */
export async function accountFamilies(
  deps: FontsDeps,
  accountId: string,
  bodies: readonly unknown[],
): Promise<ReadonlySet<string>> {
  const needs = bodies.some((body) => {
    const style = (body as { style?: { font?: unknown } } | null)?.style;
    const font = style?.font ?? (body as { font?: unknown } | null)?.font;
    return typeof font === 'string' && !ogFonts.includes(font);
  });
  if (!needs) return NONE;
  const fonts = await deps.fonts.list(accountId);
  return new Set(fonts.map((font) => normalizeFamilyName(font.family)));
}
