// Tailwind utility classes in templates, compiled by the real Tailwind v4 compiler from npm
// (`tailwindcss`'s `compile`): the theme and utilities, no preflight (a card has no browser
// defaults to reset, as with @vercel/og's `tw`). The CSS for a set of classes is built once and
// kept, so a template version (one set of classes) compiles once per node; a template whose
// classes are none of Tailwind's gets nothing and pays a lookup. An account's theme
// (themes.ts) is compiled in after Tailwind's own, so its colours and fonts become utilities.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { LRUCache } from 'lru-cache';
import { compile } from 'tailwindcss';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('tailwindcss/package.json'));

/** The installed compiler's version: render cache keys hold it, so an upgrade redraws. */
export const tailwindVersion: string = (require('tailwindcss/package.json') as { version: string }).version;

/** An account's theme as the compiler takes it: CSS `@theme` blocks and their hash. */
export interface TailwindTheme {
  css: string;
  sha256: string;
}

// In layers, as Tailwind ships them: a template's own (unlayered) rules win over utilities.
const INPUT =
  '@import "tailwindcss/theme.css" layer(theme);\n@import "tailwindcss/utilities.css" layer(utilities);';

const sheets = new Map<string, Promise<string>>();

/**
 * A fresh compiler per class set: Tailwind's `build` is incremental (each call adds its classes
 * to every earlier call's), so a shared one would leak one template's utilities into the next.
 * The sheets it imports are read from disk once.
 */
export function tailwind(theme?: TailwindTheme): ReturnType<typeof compile> {
  return compile(theme ? `${INPUT}\n${theme.css}` : INPUT, {
    base: packageDir,
    loadStylesheet: async (id: string, base: string) => {
      // Only the package's own sheets: an import of anything else is a bug here, not user input.
      const file = join(packageDir, id.replace(/^tailwindcss\//, ''));
      let content = sheets.get(file);
      if (!content) {
        content = readFile(file, 'utf8');
        sheets.set(file, content);
      }
      return { path: file, base, content: await content };
    },
  });
}

/** CSS by theme hash and sorted class list; '' for a set with no Tailwind utility. */
const built = new LRUCache<string, string>({ max: 2000 });

const CLASS_ATTRIBUTE = /\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi;

/** The class names an HTML document uses (every token of every class attribute). */
export function classNames(html: string): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(CLASS_ATTRIBUTE)) {
    const value = (match[1] ?? match[2] ?? match[3] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"');
    for (const name of value.split(/\s+/)) if (name) names.add(name);
  }
  return [...names].sort();
}

/** The Tailwind CSS for the document's classes, or '' when none is a Tailwind utility. */
export async function tailwindCss(html: string, theme?: TailwindTheme): Promise<string> {
  const names = classNames(html);
  if (names.length === 0) return '';
  const key = `${theme?.sha256 ?? ''}\n${names.join(' ')}`;
  let css = built.get(key);
  if (css === undefined) {
    const output = (await tailwind(theme)).build(names);
    // The build always has the layer order line and theme variables; utilities mean real rules.
    css = /@layer utilities\s*\{\s*\S/.test(output) ? output : '';
    built.set(key, css);
  }
  return css;
}

// The same bound HTML comes back render after render (the same variables again, or past a cache
// TTL), and scanning it for class names was ~0.08 ms of a card's miss once Takumi has drawn over
// the CPU caches. By HTML, for the last theme it was built with; bounded by length.
const documents = new LRUCache<string, { theme: string; html: string }>({
  max: 256,
  maxSize: 8 * 1024 * 1024,
  sizeCalculation: (entry, html) => Math.max(1, html.length + (entry.html === html ? 0 : entry.html.length)),
});

/**
 * The document with its Tailwind CSS before its own styles: inside <head> of a full document
 * (before it, a <style> would put a browser in quirks mode), else first in the fragment.
 */
export async function withTailwind(html: string, theme?: TailwindTheme): Promise<string> {
  const themeKey = theme?.sha256 ?? '';
  const known = documents.get(html);
  if (known?.theme === themeKey) return known.html;
  const built = await buildWithTailwind(html, theme);
  documents.set(html, { theme: themeKey, html: built });
  return built;
}

async function buildWithTailwind(html: string, theme?: TailwindTheme): Promise<string> {
  const css = await tailwindCss(html, theme);
  if (!css) return html;
  const style = `<style>${css}</style>`;
  const open = /<head\b[^>]*>|<html\b[^>]*>|<!doctype[^>]*>/i.exec(html);
  if (!open) return `${style}${html}`;
  const at = open.index + open[0].length;
  return `${html.slice(0, at)}${style}${html.slice(at)}`;
}
