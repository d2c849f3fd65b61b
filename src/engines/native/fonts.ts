// Registers the bundled fonts with one Takumi renderer. Most faces register at start; the CJK
// families (hundreds of subset files, ~40 MB once registered) can instead register subset by
// subset the first time a document's text needs one, as a browser downloads them.
import { readFile } from 'node:fs/promises';
import type { Node, Renderer } from '@takumi-rs/core';
import { bundledFaces, toFontDetails, type BundledFace } from '../../fonts/catalog.ts';
import type { NativePreparedDocument } from './prepare.ts';

/** `eager`: every face at start. `on-demand`: the CJK faces when text first needs them. */
export type FontLoading = 'eager' | 'on-demand';

/** Every font a prepared document needs, bundled and its own, registered before it is drawn. */
export interface DocumentFonts {
  ensure(document: NativePreparedDocument): Promise<void> | undefined;
}

export interface FontRegistrar {
  /** Resolves once every face the text of `node` needs is registered; undefined if none is missing. */
  ensure(node: Node): Promise<void> | undefined;
}

export async function registerBundledFonts(renderer: Renderer, loading: FontLoading): Promise<FontRegistrar> {
  const faces = bundledFaces();
  const later = loading === 'on-demand' ? faces.filter((face) => face.onDemand) : [];
  const now = faces.filter((face) => !later.includes(face));
  const register = async (face: BundledFace): Promise<void> => {
    await renderer.registerFont(toFontDetails(face, await readFile(face.file)));
  };
  // In parallel: Takumi decodes on its own threads (about twice as fast as one by one). The order
  // families register in does not matter: every render passes the fallback order explicitly.
  await Promise.all(now.map(register));

  const seen = new Set<number>(); // codepoints whose on-demand faces are registered or under way
  const started = new Set<BundledFace>();
  let inFlight: Promise<void> | undefined;
  return {
    ensure(node) {
      if (later.length === 0) return undefined;
      const needed: BundledFace[] = [];
      for (const codepoint of textCodepoints(node)) {
        if (seen.has(codepoint)) continue;
        seen.add(codepoint);
        for (const face of later) if (!started.has(face) && covers(face, codepoint)) needed.push(face);
      }
      for (const face of needed) started.add(face);
      if (needed.length > 0) {
        const previous = inFlight;
        const batch = Promise.all([previous, ...needed.map(register)]).then(() => undefined);
        // A failed batch must not wedge later renders; the render that started it reports it.
        const settled = batch.catch(() => undefined);
        inFlight = settled;
        void settled.then(() => {
          if (inFlight === settled) inFlight = undefined;
        });
        return batch;
      }
      // Another render may still be registering a face this text needs: wait for it.
      return inFlight;
    },
  };
}

function* textCodepoints(node: Node): Generator<number> {
  if (node.type === 'text') {
    for (const char of node.text) yield char.codePointAt(0) ?? 0;
  } else if (node.type === 'container') {
    for (const child of node.children ?? []) yield* textCodepoints(child);
  }
}

/** Binary search in the face's ranges (sorted and merged when parsed). */
function covers(face: BundledFace, codepoint: number): boolean {
  const ranges = face.unicodeRange;
  if (ranges.length === 0) return true;
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const [start, end] = ranges[mid] ?? [0, -1];
    if (codepoint < start) high = mid - 1;
    else if (codepoint > end) low = mid + 1;
    else return true;
  }
  return false;
}
