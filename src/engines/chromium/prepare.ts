// What the Chromium engine needs from a document before drawing: the HTML itself, plus the same
// asset and missing-font lists the native engine computes (one scanner for both engines, so the
// pipeline fetches the same URLs whichever engine draws).
import { PlacardError } from '../../errors/placard-error.ts';
import { DEFAULT_EMOJI_STYLE, type EmojiStyle } from '../../fonts/emoji.ts';
import type { BoundFace } from '../native/account-fonts.ts';
import { prepareDocument } from '../native/prepare.ts';
import { cssUrls } from '../native/scan.ts';
import type { PreparedDocument, RenderDocument } from '../types.ts';

export class ChromiumPreparedDocument implements PreparedDocument {
  constructor(
    readonly html: string,
    readonly assetUrls: readonly string[],
    readonly missingFonts: readonly string[],
    readonly emoji: EmojiStyle,
    /** The render's own fonts (an account's) that the document names: served as web fonts. */
    readonly accountFaces: readonly BoundFace[] = [],
  ) {}
}

export function prepareForChromium(document: RenderDocument): ChromiumPreparedDocument {
  const emoji = document.emoji ?? DEFAULT_EMOJI_STYLE;
  try {
    // (emoji `none`: the native emoji images are not needed here, only the lists
    // and the account faces the document names)
    const native = prepareDocument({ ...document, emoji: 'none' });
    // The native scan lists an inline <svg> as an image whose "URL" is its markup: not an asset.
    const urls = native.assetUrls.filter((url) => !url.trimStart().startsWith('<'));
    return new ChromiumPreparedDocument(document.html, urls, native.missingFonts, emoji, native.accountFaces);
  } catch (error) {
    // HTML the native parser refuses may still be HTML a browser draws: list what a plain text
    // scan finds (img src, CSS url()) and leave fonts unreported.
    if (!(error instanceof PlacardError)) throw error;
    return new ChromiumPreparedDocument(document.html, textScan(document.html), [], emoji);
  }
}

function textScan(html: string): string[] {
  const sources = [...html.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)].map(
    (match) => (match[1] ?? match[2] ?? match[3] ?? '').trim(),
  );
  const urls = new Set([...sources, ...cssUrls(html)]);
  return [...urls].filter((url) => url !== '' && !/^data:/i.test(url));
}
