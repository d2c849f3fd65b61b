// Reads the faces of an installed @fontsource package from its CSS: each @font-face names one
// WOFF2 subset file and the unicode-range it serves, exactly what a browser would download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontsourceFace {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** Absolute path of the WOFF2 file. */
  file: string;
  /** Inclusive codepoint ranges; empty means the file serves every codepoint it has. */
  unicodeRange: [number, number][];
}

const require = createRequire(import.meta.url);

/** Directory of an installed package, e.g. `@fontsource/inter`. */
export function packageDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Version of an installed package, so the font set can be fingerprinted. */
export function packageVersion(pkg: string): string {
  const meta = JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')) as {
    version?: string;
  };
  return meta.version ?? '0';
}

/** Whether the package ships a CSS file such as `400-italic.css`. */
export function hasCss(pkg: string, name: string): boolean {
  return existsSync(join(packageDir(pkg), `${name}.css`));
}

/** Faces declared by one CSS file of a package (e.g. `700-italic`). */
export function readFaces(pkg: string, cssName: string): FontsourceFace[] {
  const dir = packageDir(pkg);
  return parseFontFaces(readFileSync(join(dir, `${cssName}.css`), 'utf8'), dir);
}

export function parseFontFaces(css: string, dir: string): FontsourceFace[] {
  const faces: FontsourceFace[] = [];
  for (const match of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const block = match[1] ?? '';
    const family = /font-family:\s*['"]?([^'";]+?)['"]?\s*;/.exec(block)?.[1];
    // Only the WOFF2 source: every fontsource face lists it first, the .woff twin is a fallback.
    const file = /url\(\s*['"]?\.?\/?([^'")]+\.woff2)['"]?\s*\)/.exec(block)?.[1];
    if (!family || !file) continue;
    faces.push({
      family,
      weight: Number(/font-weight:\s*(\d+)/.exec(block)?.[1] ?? 400),
      style: /font-style:\s*italic/.test(block) ? 'italic' : 'normal',
      file: join(dir, file),
      unicodeRange: parseUnicodeRange(/unicode-range:\s*([^;]+)/.exec(block)?.[1] ?? ''),
    });
  }
  return faces;
}

/** `U+0000-00FF,U+0131,U+4??` → inclusive [start, end] pairs, sorted and merged (so searchable). */
export function parseUnicodeRange(value: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of value.split(',')) {
    const token = part.trim().replace(/^U\+/i, '');
    if (!token) continue;
    const [from, to] = token.includes('?')
      ? [token.replaceAll('?', '0'), token.replaceAll('?', 'F')]
      : (token.split('-') as [string, string?]);
    const start = parseInt(from, 16);
    const end = to === undefined ? start : parseInt(to, 16);
    if (Number.isFinite(start) && Number.isFinite(end)) ranges.push([start, end]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
