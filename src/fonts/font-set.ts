// The fonts a render may use beyond the bundled ones: an account's uploads (src/fonts/library.ts)
// or the files given to `placard render --font`. Engines see only this: names and faces, with the
// bytes loaded when a document first names the family.
import { createHash } from 'node:crypto';
import { normalizeFamilyName } from './catalog.ts';

export interface FontFace {
  /** Stable for the same bytes and descriptors (an upload's id, a file's hash). */
  id: string;
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** The file (TTF, OTF, WOFF or WOFF2); loaded once per node and cached by the loader. */
  load(): Promise<Uint8Array>;
}

export interface FontSet {
  /** Changes whenever a face is added or removed (cache keys use it); '' for no faces. */
  readonly version: string;
  readonly faces: readonly FontFace[];
}

export const NO_FONTS: FontSet = { version: '', faces: [] };

export function fontSet(faces: readonly FontFace[]): FontSet {
  if (faces.length === 0) return NO_FONTS;
  const hash = createHash('sha256');
  for (const id of faces.map((face) => face.id).sort()) hash.update(`${id}\n`);
  return { version: hash.digest('hex').slice(0, 16), faces };
}

/** The faces by normalized family name (`"brand sans"`), in set order. */
export function facesByFamily(set: FontSet): Map<string, FontFace[]> {
  const families = new Map<string, FontFace[]>();
  for (const face of set.faces) {
    const key = normalizeFamilyName(face.family);
    families.set(key, [...(families.get(key) ?? []), face]);
  }
  return families;
}
