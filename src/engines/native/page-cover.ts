// Whether the page colour under a template can show. Most cards cover their page with opaque
// paint, and painting the page first cost ~0.2 ms of a standard card's raster (the whole bitmap
// filled, then every layer blended onto it instead of written over nothing). So a PNG is first
// drawn on a transparent page: when every pixel came out opaque the page could not have shown
// (the same bytes, checked on every fidelity case that covers its page, on three page colours);
// otherwise it is drawn again on the page colour. Which templates let the page show is
// remembered by their shape, so each pays that second draw about once.
import type { Node } from '@takumi-rs/core';
import { LRUCache } from 'lru-cache';
import type { NativePreparedDocument } from './prepare.ts';

const IDAT = 0x49444154;
const TRNS = 0x74524e53;

/**
 * Whether a PNG has no transparency: no alpha channel and no tRNS chunk. Takumi writes an alpha
 * channel (or a palette with tRNS) only when some pixel is not opaque.
 */
export function pngIsOpaque(png: Uint8Array): boolean {
  const colourType = png[25];
  if (colourType !== 0 && colourType !== 2 && colourType !== 3) return false;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // tRNS must come before the first IDAT.
  for (let at = 8; at + 8 <= png.length; at += 12 + view.getUint32(at)) {
    const type = view.getUint32(at + 4);
    if (type === IDAT) return true;
    if (type === TRNS) return false;
  }
  return false;
}

/**
 * What decides whether a template covers its page, without its text: the stylesheets and the
 * outer elements' own attributes and styles. Renders of one template with other variables share it.
 */
function shapeOf(document: NativePreparedDocument): string {
  type Outer = Record<string, unknown> & { children?: Node[] };
  const outer = ({ children: _children, text: _text, ...own }: Outer) => own;
  const root = document.node as unknown as Outer;
  return JSON.stringify([
    document.css,
    outer(root),
    (root.children ?? []).map((child) => outer(child as unknown as Outer)),
  ]);
}

export interface PageCover {
  /** Whether to draw on a transparent page first (only PNG can tell afterwards). */
  tryUncovered(document: NativePreparedDocument, size: string, background: string): boolean;
  /** The transparent draw had transparent pixels: this shape lets the page show. */
  showsThrough(document: NativePreparedDocument, size: string): void;
  /** Takumi drew a page in this colour: it is a colour it accepts (a bad one is the caller's error). */
  accepted(background: string): void;
}

export function createPageCover(): PageCover {
  // The same key string each time for a document (a new one would be hashed again on every lookup).
  const shapes = new WeakMap<NativePreparedDocument, { size: string; key: string }>();
  const shape = (document: NativePreparedDocument, size: string): string => {
    let known = shapes.get(document);
    if (known?.size !== size) shapes.set(document, (known = { size, key: `${size}\n${shapeOf(document)}` }));
    return known.key;
  };
  const showing = new LRUCache<string, true>({ max: 4096 });
  // Only colours Takumi has drawn: a page colour it cannot parse must still fail the render.
  const colours = new LRUCache<string, true>({ max: 256 });
  return {
    tryUncovered: (document, size, background) =>
      background !== 'transparent' && colours.has(background) && !showing.has(shape(document, size)),
    showsThrough: (document, size) => void showing.set(shape(document, size), true),
    accepted: (background) => void colours.set(background, true),
  };
}
