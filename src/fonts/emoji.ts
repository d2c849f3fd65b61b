// Emoji bytes from the local Twemoji SVGs (@twemoji/svg). Takumi's emoji extraction points image
// nodes at jsDelivr; those URLs are answered from disk here so nothing is ever downloaded.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Takumi 2.16 writes https://cdn.jsdelivr.net/gh/jdecked/twemoji@17.0.2/assets/svg/<cps>.svg; any
// version is accepted so a Takumi upgrade that bumps it still resolves locally.
const EMOJI_URL =
  /^https:\/\/cdn\.jsdelivr\.net\/gh\/jdecked\/twemoji@[\w.-]+\/assets\/svg\/([0-9a-f]+(?:-[0-9a-f]+)*)\.svg$/;

/** How many distinct emoji (found or not) stay cached; Twemoji has ~3,700 files of ~1-5 KB. */
const CACHE_LIMIT = 1024;

const require = createRequire(import.meta.url);
const packageJson = require.resolve('@twemoji/svg/package.json');
const svgDir = dirname(packageJson);
const cache = new Map<string, Uint8Array | null>();

/** The installed Twemoji version, part of the engine version (new emoji draw differently). */
export const twemojiVersion: string = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string })
  .version;

/** Whether a URL is one emoji extraction produced (and so must never be fetched). */
export function isEmojiUrl(url: string): boolean {
  return EMOJI_URL.test(url);
}

/**
 * The local SVG for an emoji URL, or undefined when the URL is not an emoji URL or Twemoji has no
 * such file (the emoji then draws as an empty box; it is never fetched).
 */
export function resolveEmojiAsset(url: string): Uint8Array | undefined {
  const name = EMOJI_URL.exec(url)?.[1];
  if (!name) return undefined;
  let bytes = cache.get(name);
  if (bytes === undefined) {
    bytes = readEmoji(name);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else {
    cache.delete(name); // re-insert below: the Map's order is the LRU order
  }
  cache.set(name, bytes);
  return bytes ?? undefined;
}

function readEmoji(name: string): Uint8Array | null {
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
