// Walks a parsed document for what must be settled before drawing: the URLs it draws (img src,
// CSS url()) and the font families it names. Pure functions over Takumi nodes and CSS text.
import type { Node } from '@takumi-rs/core';
import { isAvailableFamily, normalizeFamilyName } from '../../fonts/catalog.ts';

export interface DocumentScan {
  /** Image sources and CSS url() values, in document order, deduplicated, data: URLs included. */
  urls: string[];
  /** Every `font-family` list (and `font` shorthand family list) the document sets. */
  familyLists: string[];
  /** Every `lang` attribute, lower-cased, in document order. */
  langs: string[];
}

type Style = Record<string, unknown>;

export function scanDocument(root: Node, css: readonly string[]): DocumentScan {
  const urls = new Set<string>();
  const familyLists: string[] = [];
  const langs: string[] = [];
  const visit = (node: Node): void => {
    if (node.lang) langs.push(node.lang.toLowerCase());
    if (node.type === 'image' && typeof node.src === 'string') urls.add(node.src.trim());
    const style = node.style as Style | undefined;
    for (const [key, value] of Object.entries(style ?? {})) {
      if (typeof value !== 'string') continue;
      if (value.includes('url(')) for (const url of cssUrls(value)) urls.add(url);
      if (key === 'fontFamily') familyLists.push(value);
      if (key === 'font') pushShorthandFamilies(value, familyLists);
    }
    if (node.type === 'container') for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  for (const sheet of css) {
    // @font-face blocks name web fonts Takumi does not load: their url()s are not images and
    // their font-family is a declaration, not a use.
    const text = sheet.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@font-face\s*\{[^}]*\}/gi, '');
    for (const url of cssUrls(text)) urls.add(url);
    for (const match of text.matchAll(/(?:^|[{;\s])font-family\s*:\s*([^;}]+)/gi))
      familyLists.push(match[1] ?? '');
    for (const match of text.matchAll(/(?:^|[{;\s])font\s*:\s*([^;}]+)/gi))
      pushShorthandFamilies(match[1] ?? '', familyLists);
  }
  return { urls: [...urls].filter((url) => url !== ''), familyLists, langs };
}

/** Every url(...) value in a CSS text, without quotes; `url(#id)` fragment references skipped. */
export function cssUrls(text: string): string[] {
  const urls: string[] = [];
  for (const match of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) {
    const url = (match[1] ?? match[2] ?? match[3] ?? '').trim();
    if (url && !url.startsWith('#')) urls.push(url);
  }
  return urls;
}

// `font: italic 700 24px/1.2 "Foo", serif`: the family list follows the size (and line height).
// A size always has a unit or is a keyword; a bare number before it is a weight.
const SIZE =
  /(?:^|\s)(?:[\d.]+(?:px|pt|pc|r?em|ex|ch|%|vw|vh|vmin|vmax|cm|mm|in|q|r?lh)|(?:xx?x?-)?(?:small|large)|medium|smaller|larger)(?:\s*\/\s*\S+)?\s+(.+)$/i;

function pushShorthandFamilies(value: string, into: string[]): void {
  const families = SIZE.exec(value.trim())?.[1];
  if (families) into.push(families);
}

/** Where the family list of a `font` shorthand starts (after size / line height), or -1. */
export function shorthandFamiliesAt(value: string): number {
  const match = SIZE.exec(value);
  return match?.[1] ? value.length - match[1].length : -1;
}

/**
 * Families a document names that Placard does not have. In each list only the names before the
 * first available one count: a browser never reaches the rest, so they do not change the pixels.
 */
export function missingFamilies(
  familyLists: readonly string[],
  /** Families the render has beyond the bundled ones (an account's fonts). */
  extra: (name: string) => boolean = () => false,
): string[] {
  const missing = new Map<string, string>();
  for (const list of familyLists) {
    const value = list.replace(/!important\s*$/i, '').trim();
    if (value.includes('var(')) continue; // resolved at cascade time; nothing to judge here
    for (const raw of splitFamilies(value)) {
      if (isAvailableFamily(raw) || extra(raw)) break;
      const name = raw.replace(/^(['"])(.*)\1$/s, '$2').trim();
      const key = normalizeFamilyName(name);
      if (name && !missing.has(key)) missing.set(key, name); // first spelling wins
    }
  }
  return [...missing.values()];
}

/** Splits a font-family list on commas outside quotes. */
export function splitFamilies(value: string): string[] {
  return (value.match(/"[^"]*"|'[^']*'|[^,]+/g) ?? []).map((part) => part.trim()).filter(Boolean);
}
