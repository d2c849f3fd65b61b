// The page every render draws in: a standards-mode document on a fake origin whose head declares
// the bundled fonts as web fonts (same files, weights and unicode-ranges as the native engine),
// so a template only ever swaps the body. Nothing on the fake origin exists on any network: the
// route handler answers it from memory and disk.
import { basename } from 'node:path';
import { bundledFaces } from '../../fonts/catalog.ts';

/** `.invalid` is reserved (RFC 2606): it can never resolve, even if interception failed. */
export const ORIGIN = 'https://placard.invalid';
export const SHELL_URL = `${ORIGIN}/`;
export const FONT_PREFIX = `${ORIGIN}/fonts/`;
export const EMOJI_PREFIX = `${ORIGIN}/emoji/`;

/** Marks the shell's <html>, so a render can tell the page still shows the shell. */
export const SHELL_MARK = 'data-placard-shell';

let fontFiles: Map<string, string> | undefined;

/** The file behind a font URL of the fake origin, or undefined for any other URL. */
export function fontFileFor(url: string): string | undefined {
  if (!url.startsWith(FONT_PREFIX)) return undefined;
  fontFiles ??= new Map(bundledFaces().map((face) => [basename(face.file), face.file]));
  return fontFiles.get(url.slice(FONT_PREFIX.length));
}

let css: string | undefined;

/** One @font-face per bundled face. `block`: text waits for its face instead of drawing a fallback. */
export function fontFaceCss(): string {
  css ??= bundledFaces()
    .map((face) => {
      const range = face.unicodeRange
        .map(([start, end]) => (start === end ? `U+${hex(start)}` : `U+${hex(start)}-${hex(end)}`))
        .join(',');
      return (
        `@font-face{font-family:${JSON.stringify(face.family)};font-style:${face.style};` +
        `font-weight:${face.weight};font-display:block;` +
        `src:url(${FONT_PREFIX}${basename(face.file)}) format("woff2")` +
        `${range ? `;unicode-range:${range}` : ''}}`
      );
    })
    .join('\n');
  return css;
}

const hex = (n: number): string => n.toString(16).toUpperCase();

/** Marks the shell's page-defaults <style>, which the swap turns off for a full HTML document. */
export const PAGE_STYLE_ID = 'placard-page';

/**
 * The page defaults of the native engine, for a fragment: no body margin, and html and body as
 * tall as the viewport (the native engine lays a fragment out in a page box of the card's size,
 * so `height: 100%` on a template's root fills the card). A full document (with its own <body>)
 * gets the browser's defaults, as it does in the native engine too.
 */
const PAGE_CSS = 'html,body{height:100%}body{margin:0}';

export function shellHtml(): string {
  return (
    `<!doctype html><html ${SHELL_MARK}><head><meta charset="utf-8">` +
    `<style>${fontFaceCss()}</style><style id="${PAGE_STYLE_ID}">${PAGE_CSS}</style></head><body></body></html>`
  );
}
