// Parses a bound HTML document into a Takumi node tree once, swaps emoji for local images of the
// asked emoji style, and lists what the pipeline must load (remote assets) or report (missing fonts).
import type { ImageSource, Node } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import { PlacardError } from '../../errors/placard-error.ts';
import { bundledFamilies, normalizeFamilyName } from '../../fonts/catalog.ts';
import { DEFAULT_EMOJI_STYLE, isEmojiUrl, resolveEmojiAsset } from '../../fonts/emoji.ts';
import type { PreparedDocument, RenderDocument } from '../types.ts';
import { familiesUsed, namesPrivateFamily, rewriteFamilies, type BoundFace } from './account-fonts.ts';
import { withInlineEmoji } from './emoji-runs.ts';
import { withoutEmptyImages } from './empty-images.ts';
import { missingFamilies, scanDocument } from './scan.ts';

/** A document the native engine parsed; only the native engine can draw it. */
export class NativePreparedDocument implements PreparedDocument {
  constructor(
    readonly node: Node,
    readonly css: readonly string[],
    readonly assetUrls: readonly string[],
    readonly missingFonts: readonly string[],
    /** Local SVGs (the document's emoji style) for the emoji in the text, keyed by the URL extraction gave them. */
    readonly emoji: readonly ImageSource[],
    /** The fallback order: Han characters take Chinese forms in a zh document, else Japanese. */
    readonly fontFamilies: readonly string[],
    /** The render's own fonts (an account's) that the document names, under their private names. */
    readonly accountFaces: readonly BoundFace[] = [],
  ) {}
}

export function prepareDocument(document: RenderDocument): NativePreparedDocument {
  let parsed: { node: Node; css: string[] };
  try {
    parsed = fromHtml(withoutEmptyImages(document.html));
  } catch (cause) {
    const reason = `The native engine could not parse the template's HTML: ${message(cause)}`;
    throw new PlacardError('TEMPLATE_COMPILE_FAILED', reason, { cause });
  }
  const style = document.emoji ?? DEFAULT_EMOJI_STYLE;
  const node = style === 'none' ? parsed.node : withInlineEmoji(parsed.node);
  const scan = scanDocument(node, parsed.css);
  const emoji: ImageSource[] = [];
  const assetUrls: string[] = [];
  for (const url of scan.urls) {
    if (isEmojiUrl(url)) {
      // Resolved from disk now; an emoji no local set has stays without bytes and draws empty.
      const data = resolveEmojiAsset(url, style);
      if (data) emoji.push({ src: url, data });
    } else if (!/^data:/i.test(url) && !url.startsWith('<')) {
      // (An inline <svg> becomes an image whose src is its own markup: nothing to load.)
      assetUrls.push(url);
    }
  }
  // Account fonts: only when the document names one, so a render without them pays nothing.
  const used = familiesUsed(document.fonts, scan.familyLists);
  if (used.size > 0 || namesPrivateFamily(scan.familyLists)) rewriteFamilies(node, parsed.css, used);
  const missing = missingFamilies(scan.familyLists, (name) => used.has(normalizeFamilyName(name)));
  const langs = fallbackOrder(scan.langs);
  return new NativePreparedDocument(
    node,
    parsed.css,
    assetUrls,
    missing,
    emoji,
    langs,
    [...used.values()].flat(),
  );
}

// Takumi picks a fallback font by order alone, not by lang, so a browser's lang-based choice
// between Japanese and Chinese glyph forms is made here once per document.
const JAPANESE_FIRST = [...bundledFamilies];
const CHINESE_FIRST = [
  ...bundledFamilies.filter((name) => name !== 'Noto Sans JP' && name !== 'Noto Sans Arabic'),
  'Noto Sans JP',
  'Noto Sans Arabic',
];

function fallbackOrder(langs: readonly string[]): readonly string[] {
  const chinese = langs.some((lang) => lang === 'zh' || lang.startsWith('zh-'));
  const japanese = langs.some((lang) => lang === 'ja' || lang.startsWith('ja-'));
  return chinese && !japanese ? CHINESE_FIRST : JAPANESE_FIRST;
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
