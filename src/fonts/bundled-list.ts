// The bundled families as GET /v1/fonts lists them: weights, styles and the scripts they cover,
// from the cmaps of the regular faces (read with fontkit); the CJK families, hundreds of subset
// files each, from their unicode-ranges instead. Computed once, on first use.
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { bundledFaces, type BundledFace } from './catalog.ts';
import { scriptsOf } from './parse.ts';

export interface FamilySummary {
  family: string;
  weights: number[];
  styles: string[];
  scripts: string[];
}

let listed: FamilySummary[] | undefined;

export function bundledFamilySummaries(): FamilySummary[] {
  listed ??= summarize(
    bundledFaces().map((face) => ({
      family: face.family,
      weight: face.weight,
      style: face.style,
      codepoints: coverage(face),
    })),
  );
  return listed;
}

/** One summary per family, in first-seen order. */
export function summarize(
  faces: readonly {
    family: string;
    weight: number;
    style: string;
    codepoints?: Iterable<number>;
    scripts?: readonly string[];
  }[],
): FamilySummary[] {
  const families = new Map<
    string,
    { weights: Set<number>; styles: Set<string>; codepoints: Set<number>; scripts: Set<string> }
  >();
  for (const face of faces) {
    let entry = families.get(face.family);
    if (!entry) {
      entry = { weights: new Set(), styles: new Set(), codepoints: new Set(), scripts: new Set() };
      families.set(face.family, entry);
    }
    entry.weights.add(face.weight);
    entry.styles.add(face.style);
    for (const codepoint of face.codepoints ?? []) entry.codepoints.add(codepoint);
    for (const script of face.scripts ?? []) entry.scripts.add(script);
  }
  return [...families].map(([family, entry]) => ({
    family,
    weights: [...entry.weights].sort((a, b) => a - b),
    styles: [...entry.styles].sort(),
    scripts: entry.codepoints.size > 0 ? scriptsOf(entry.codepoints) : [...entry.scripts],
  }));
}

function coverage(face: BundledFace): Iterable<number> {
  if (face.weight !== 400 || face.style !== 'normal') return []; // the other faces match it
  if (face.onDemand) return codepointsOf(face.unicodeRange);
  return (fontkit.create(readFileSync(face.file)) as fontkit.Font).characterSet;
}

function* codepointsOf(ranges: readonly [number, number][]): Generator<number> {
  // An empty range list means "every codepoint the file has": nothing to say without reading it.
  for (const [start, end] of ranges)
    for (let codepoint = start; codepoint <= end; codepoint += 1) yield codepoint;
}
