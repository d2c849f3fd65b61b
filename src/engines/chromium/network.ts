// Every request a page makes ends here (context.route('**/*')): the shell, bundled fonts and local
// emoji are answered from memory and disk, remote images only with the bytes the pipeline already
// fetched through the guarded fetcher, and everything else (other http(s), file:, ws:, the
// template's own relative URLs) is aborted. data: URLs never reach a route: the browser decodes
// them itself.
import { readFile } from 'node:fs/promises';
import type { Route } from 'playwright-core';
import { emojiStyles, emojiSvg, type EmojiStyle } from '../../fonts/emoji.ts';
import { EMOJI_PREFIX, fontFileFor, SHELL_URL, shellHtml } from './shell.ts';

/** What one page may load right now: the current render's assets, by normalized URL. */
export interface PageAssets {
  current: ReadonlyMap<string, Uint8Array>;
}

/**
 * The URL as the browser requests it (`https://A.test/a b#x` → `https://a.test/a%20b`), so an
 * asset listed as the template wrote it matches the request for it.
 */
export function normalizeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    return parsed.href;
  } catch {
    return url;
  }
}

export function assetMap(assets: ReadonlyMap<string, Uint8Array>): Map<string, Uint8Array> {
  return new Map([...assets].map(([url, bytes]) => [normalizeUrl(url), bytes]));
}

export function createRouteHandler(page: PageAssets): (route: Route) => Promise<void> {
  return async (route) => {
    const url = route.request().url();
    try {
      const answer = await answerFor(url, page);
      if (answer) await route.fulfill({ status: 200, contentType: answer.type, body: answer.body });
      else await route.abort('blockedbyclient');
    } catch {
      // The page went away mid-request (render timed out, browser closed): nothing to answer.
    }
  };
}

async function answerFor(url: string, page: PageAssets): Promise<{ type: string; body: Buffer } | undefined> {
  if (url === SHELL_URL) return { type: 'text/html; charset=utf-8', body: Buffer.from(shellHtml()) };
  const font = fontFileFor(url);
  if (font) return { type: 'font/woff2', body: await readFile(font) };
  if (url.startsWith(EMOJI_PREFIX)) {
    // <style>/<codepoints>.svg, as swap.ts writes it for the document's emoji style.
    const match = /^([a-z]+)\/([0-9a-f-]+)\.svg$/.exec(url.slice(EMOJI_PREFIX.length));
    const style = emojiStyles.find((known) => known === match?.[1]);
    const svg = match && style ? emojiSvg(match[2] ?? '', style as EmojiStyle) : undefined;
    return svg ? { type: 'image/svg+xml', body: Buffer.from(svg) } : undefined;
  }
  const asset = page.current.get(url);
  return asset ? { type: imageType(asset), body: Buffer.from(asset) } : undefined;
}

/** Browsers sniff raster images whatever the type says, but draw SVG only when it is labelled so. */
export function imageType(bytes: Uint8Array): string {
  // 4 KB: an SVG may start with an XML declaration, comments and a DOCTYPE (as the fetch guard allows).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096));
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  if (head.toString('latin1', 4, 12) === 'ftypavif' || head.toString('latin1', 4, 12) === 'ftypavis')
    return 'image/avif';
  if (/<svg[\s>/]/i.test(head.toString('utf8'))) return 'image/svg+xml';
  return 'application/octet-stream';
}
