// The font families Placard ships (all from @fontsource packages, nothing fetched), the names a
// template may use without a font going missing, and the faces an engine registers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FontDetails } from '@takumi-rs/core';
import { hasCss, packageVersion, readFaces, type FontsourceFace } from './fontsource.ts';

type Generic = NonNullable<FontDetails['generic']>;

interface BundledFamily {
  name: string;
  pkg: string;
  /** The CSS generic keyword this family answers for, so `font-family: monospace` is not Inter. */
  generic?: Generic;
  /** 100+ subset files (~40 MB once registered): worth registering only when text needs them. */
  onDemand?: boolean;
}

const WEIGHTS = [400, 700] as const;

// Order matters: Takumi falls back through families in registration order, so Inter comes first
// (the fallback for anything unnamed or missing) and the CJK/Arabic families last, where they
// only supply the glyphs the Latin families lack. JP before SC: Han text with no lang gets
// Japanese forms, as in most browsers with a Japanese or English locale.
const FAMILIES: readonly BundledFamily[] = [
  { name: 'Inter', pkg: '@fontsource/inter', generic: 'sans-serif' },
  { name: 'Outfit', pkg: '@fontsource/outfit' },
  { name: 'Roboto', pkg: '@fontsource/roboto' },
  { name: 'Open Sans', pkg: '@fontsource/open-sans' },
  { name: 'Lato', pkg: '@fontsource/lato' },
  { name: 'Montserrat', pkg: '@fontsource/montserrat' },
  { name: 'Playfair Display', pkg: '@fontsource/playfair-display', generic: 'serif' },
  { name: 'JetBrains Mono', pkg: '@fontsource/jetbrains-mono', generic: 'monospace' },
  // Sora and Space Grotesk complete the eight fonts the OG Engine dialect offers by name.
  { name: 'Sora', pkg: '@fontsource/sora' },
  { name: 'Space Grotesk', pkg: '@fontsource/space-grotesk' },
  { name: 'Noto Sans JP', pkg: '@fontsource/noto-sans-jp', onDemand: true },
  { name: 'Noto Sans SC', pkg: '@fontsource/noto-sans-sc', onDemand: true },
  { name: 'Noto Sans Arabic', pkg: '@fontsource/noto-sans-arabic' },
];

/** Bundled family names, the fallback (Inter) first. */
export const bundledFamilies: readonly string[] = FAMILIES.map((family) => family.name);

/** CSS generic keywords (and CSS-wide keywords): never "missing", the engine resolves them. */
export const genericFamilies: ReadonlySet<string> = new Set([
  ...['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'math', 'fangsong', 'emoji'],
  ...['ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded'],
  ...['inherit', 'initial', 'unset', 'revert', 'revert-layer'],
]);

const bundledKeys = new Set(bundledFamilies.map(normalizeFamilyName));

/** `"Open Sans"`, `'open  sans'`, ` OPEN SANS ` → `open sans`. */
export function normalizeFamilyName(name: string): string {
  return name
    .trim()
    .replace(/^(['"])(.*)\1$/s, '$2')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Whether a family name is one Placard ships (case-insensitive, quotes stripped). */
export function isBundledFamily(name: string): boolean {
  return bundledKeys.has(normalizeFamilyName(name));
}

export function isGenericFamily(name: string): boolean {
  return genericFamilies.has(normalizeFamilyName(name));
}

/** Whether a name in a `font-family` list draws without falling back: bundled or generic. */
export function isAvailableFamily(name: string): boolean {
  return isBundledFamily(name) || isGenericFamily(name);
}

export interface BundledFace extends FontsourceFace {
  generic: Generic | undefined;
  onDemand: boolean;
}

let faces: readonly BundledFace[] | undefined;

/** Every face (one WOFF2 subset file each) in registration order; reads CSS only, no font bytes. */
export function bundledFaces(): readonly BundledFace[] {
  faces ??= FAMILIES.flatMap((family) => {
    const styles = hasCss(family.pkg, '400-italic') ? ['', '-italic'] : [''];
    return WEIGHTS.flatMap((weight) =>
      styles.flatMap((suffix) =>
        readFaces(family.pkg, `${weight}${suffix}`).map((face) => ({
          ...face,
          generic: family.generic,
          onDemand: family.onDemand === true,
        })),
      ),
    );
  });
  return faces;
}

/** The faces as Takumi font registrations, reading each file only when the caller asks for it. */
export function* loadBundledFonts(
  select: (face: BundledFace) => boolean = () => true,
): Generator<FontDetails> {
  for (const face of bundledFaces()) {
    if (!select(face)) continue;
    yield toFontDetails(face, readFileSync(face.file));
  }
}

export function toFontDetails(face: BundledFace, data: Uint8Array): FontDetails {
  const details: FontDetails = {
    name: face.family,
    data,
    weight: face.weight,
    style: face.style,
    unicodeRange: face.unicodeRange,
  };
  if (face.generic) details.generic = face.generic;
  return details;
}

/** Changes when any family, face or package version changes, for engine versions and cache keys. */
export function fontSetVersion(): string {
  const hash = createHash('sha256');
  for (const family of FAMILIES)
    hash.update(`${family.name}@${packageVersion(family.pkg)}:${family.generic}\n`);
  for (const face of bundledFaces()) hash.update(`${basename(face.file)}:${face.weight}:${face.style}\n`);
  return hash.digest('hex').slice(0, 12);
}
