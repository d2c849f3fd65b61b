// Emoji bytes from local SVG sets, one per `emoji` style: Twemoji (@twemoji/svg, a file per
// emoji), Noto, OpenMoji and Fluent (Iconify JSON, emoji-iconify.ts). Takumi's emoji extraction
// points image nodes at jsDelivr; those URLs are answered from disk here so nothing is ever
// downloaded. Blobmoji is not offered: no npm package ships its SVGs (@svgmoji/blob 3.x carries
// only metadata and points at a CDN). Fluent is Microsoft's Flat style: the Color style's package
// (@iconify-json/fluent-emoji) is 104 MB, the Flat one 9 MB.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { iconifyEmoji, iconifyVersion } from './emoji-iconify.ts';

/** The emoji styles a render may ask for; `none` leaves emoji as text (no image). */
export const emojiStyles = ['noto', 'twemoji', 'openmoji', 'fluent', 'none'] as const;
export type EmojiStyle = (typeof emojiStyles)[number];
/** Noto: what Chrome and Android draw, so a template previewed in a browser looks the same. */
export const DEFAULT_EMOJI_STYLE: EmojiStyle = 'noto';

const ICONIFY_PACKAGES: Record<Exclude<EmojiStyle, 'twemoji' | 'none'>, string> = {
  noto: '@iconify-json/noto',
  openmoji: '@iconify-json/openmoji',
  fluent: '@iconify-json/fluent-emoji-flat',
};

// Takumi 2.16 writes https://cdn.jsdelivr.net/gh/jdecked/twemoji@17.0.2/assets/svg/<cps>.svg; any
// version is accepted so a Takumi upgrade that bumps it still resolves locally.
const EMOJI_URL =
  /^https:\/\/cdn\.jsdelivr\.net\/gh\/jdecked\/twemoji@[\w.-]+\/assets\/svg\/([0-9a-f]+(?:-[0-9a-f]+)*)\.svg$/;

/** How many distinct emoji (found or not, any style) stay cached; most SVGs are ~1-5 KB. */
const CACHE_LIMIT = 1024;

const require = createRequire(import.meta.url);
const packageJson = require.resolve('@twemoji/svg/package.json');
const svgDir = dirname(packageJson);
const cache = new Map<string, Uint8Array | null>();

/** The installed Twemoji version, part of the engine version (new emoji draw differently). */
export const twemojiVersion: string = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string })
  .version;

/** Every set's version, part of the engine versions (a new set draws differently). */
export const emojiSetsVersion: string = [
  `twemoji/${twemojiVersion}`,
  ...Object.entries(ICONIFY_PACKAGES).map(([style, pkg]) => `${style}/${iconifyVersion(pkg)}`),
].join(' ');

/** Whether a URL is one emoji extraction produced (and so must never be fetched). */
export function isEmojiUrl(url: string): boolean {
  return EMOJI_URL.test(url);
}

/** The codepoint name (`1f44d-1f3fd`) in an emoji URL, or undefined when it is not one. */
export function emojiName(url: string): string | undefined {
  return EMOJI_URL.exec(url)?.[1];
}

/**
 * The local SVG for an emoji URL in a style, or undefined when the URL is not an emoji URL or
 * neither the style's set nor Twemoji has the emoji (it then draws as an empty box; it is never
 * fetched). An emoji the chosen set lacks (Noto's set on npm has no flags) is drawn from Twemoji.
 */
export function resolveEmojiAsset(url: string, style: EmojiStyle = 'twemoji'): Uint8Array | undefined {
  const name = emojiName(url);
  return name ? emojiSvg(name, style) : undefined;
}

/** The SVG for an emoji by codepoint name, as resolveEmojiAsset. */
export function emojiSvg(name: string, style: EmojiStyle): Uint8Array | undefined {
  if (style === 'none' || !/^[0-9a-f]+(?:-[0-9a-f]+)*$/.test(name)) return undefined;
  const key = `${style}/${name}`;
  let bytes = cache.get(key);
  if (bytes === undefined) {
    bytes = style === 'twemoji' ? null : readIconify(ICONIFY_PACKAGES[style], name);
    bytes ??= readTwemoji(name);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else {
    cache.delete(key); // re-insert below: the Map's order is the LRU order
  }
  cache.set(key, bytes);
  return bytes ?? undefined;
}

function readIconify(pkg: string, name: string): Uint8Array | null {
  const svg = iconifyEmoji(pkg, name, bare(name));
  return svg === null ? null : Buffer.from(svg);
}

function readTwemoji(name: string): Uint8Array | null {
  // Twemoji names most files without the U+FE0F variation selector but keeps it in some ZWJ
  // sequences; Takumi keeps it in every ZWJ sequence, and users type it or not. Try the exact
  // name, then whichever file has the same codepoints once every FE0F is removed.
  const file = existing().has(name) ? name : byBareName().get(bare(name));
  return file === undefined ? null : readFileSync(join(svgDir, `${file}.svg`));
}

const bare = (name: string): string => name.replace(/(?:^|-)fe0f(?=-|$)/g, '').replace(/^-/, '');

let files: Set<string> | undefined;
let bareNames: Map<string, string> | undefined;

function existing(): Set<string> {
  files ??= new Set(
    readdirSync(svgDir)
      .filter((file) => file.endsWith('.svg'))
      .map((file) => file.slice(0, -4)),
  );
  return files;
}

function byBareName(): Map<string, string> {
  bareNames ??= new Map([...existing()].map((file) => [bare(file), file]));
  return bareNames;
}
