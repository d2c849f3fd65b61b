import { existsSync } from 'node:fs';
import { Renderer } from '@takumi-rs/core';
import { describe, expect, it } from 'vitest';
import {
  bundledFaces,
  bundledFamilies,
  fontSetVersion,
  isAvailableFamily,
  isBundledFamily,
  loadBundledFonts,
} from './catalog.ts';

describe('font catalog', () => {
  it('bundles the thirteen families with Inter first, as the fallback', () => {
    expect(bundledFamilies).toEqual([
      'Inter',
      'Outfit',
      'Roboto',
      'Open Sans',
      'Lato',
      'Montserrat',
      'Playfair Display',
      'JetBrains Mono',
      'Sora',
      'Space Grotesk',
      'Noto Sans JP',
      'Noto Sans SC',
      'Noto Sans Arabic',
    ]);
  });

  it('recognises bundled names whatever their case, quotes or spacing', () => {
    expect(isBundledFamily('inter')).toBe(true);
    expect(isBundledFamily('"Open  Sans"')).toBe(true);
    expect(isBundledFamily(" 'PLAYFAIR DISPLAY' ")).toBe(true);
    expect(isBundledFamily('Arial')).toBe(false);
    expect(isBundledFamily('sans-serif')).toBe(false);
  });

  it('treats generic and CSS-wide keywords as available, not missing', () => {
    for (const name of [
      'sans-serif',
      'serif',
      'monospace',
      'system-ui',
      'ui-monospace',
      'inherit',
      'Inter',
    ]) {
      expect(isAvailableFamily(name), name).toBe(true);
    }
    expect(isAvailableFamily('Helvetica Neue')).toBe(false);
  });

  it('lists 400 and 700, italics where the package has them, every file present', () => {
    const faces = bundledFaces();
    const styles = (family: string) =>
      new Set(faces.filter((f) => f.family === family).map((f) => `${f.weight}${f.style}`));
    expect(styles('Inter')).toEqual(new Set(['400normal', '700normal', '400italic', '700italic']));
    expect(styles('Outfit')).toEqual(new Set(['400normal', '700normal']));
    expect(styles('Noto Sans JP')).toEqual(new Set(['400normal', '700normal']));
    for (const face of faces) expect(existsSync(face.file), face.file).toBe(true);
    expect(faces.filter((f) => f.family === 'Noto Sans JP').length).toBeGreaterThan(100);
    expect(faces.every((f) => f.unicodeRange.length > 0)).toBe(true);
  });

  it('marks only the CJK families for on-demand registration and gives generics to mono and serif', () => {
    const onDemand = new Set(
      bundledFaces()
        .filter((f) => f.onDemand)
        .map((f) => f.family),
    );
    expect(onDemand).toEqual(new Set(['Noto Sans JP', 'Noto Sans SC']));
    const generic = (family: string) => bundledFaces().find((f) => f.family === family)?.generic;
    expect([generic('JetBrains Mono'), generic('Playfair Display'), generic('Inter')]).toEqual([
      'monospace',
      'serif',
      'sans-serif',
    ]);
  });

  it('yields faces Takumi registers under the family names', async () => {
    const renderer = new Renderer();
    const names = new Set<string>();
    for (const font of loadBundledFonts((face) => !face.onDemand)) {
      for (const family of await renderer.registerFont(font)) names.add(family.name);
    }
    expect([...names].sort()).toEqual(
      bundledFamilies.filter((name) => !name.startsWith('Noto Sans ') || name.endsWith('Arabic')).sort(),
    );
  });

  it('fingerprints the font set stably', () => {
    expect(fontSetVersion()).toMatch(/^[0-9a-f]{12}$/);
    expect(fontSetVersion()).toBe(fontSetVersion());
  });
});
