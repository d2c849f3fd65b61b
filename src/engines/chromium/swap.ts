// The script that puts one template into the shell page, run through CDP (page scripts are off;
// DevTools evaluation still works). It parses the template as a whole document, as a browser
// loading it would (its <head> styles, <html lang>, <body class> all count), swaps it in, draws
// emoji from the local Twemoji set as the native engine does, then waits until every image and
// font the layout uses has loaded, so the capture that follows never sees a half-loaded page.
import { DEFAULT_EMOJI_STYLE, type EmojiStyle } from '../../fonts/emoji.ts';
import { EMOJI_PREFIX, PAGE_STYLE_ID, SHELL_MARK } from './shell.ts';

/** What the swap reports: the page still showed the shell (and now shows the template) or not. */
export type SwapResult = 'ok' | 'no-shell';

// Plain JavaScript (not a serialized TS function: the TS loader may inject helpers into those).
const SWAP = String.raw`async (html, mark, emojiPrefix, pageStyleId, fragment, mayHaveEmoji, mayHaveCssImages) => {
  const root = document.documentElement;
  if (!root.hasAttribute(mark)) return 'no-shell';
  document.getElementById(pageStyleId).media = fragment ? 'all' : 'not all';
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  // <meta http-equiv="refresh"> would navigate the page away from the shell; metas draw nothing.
  for (const meta of parsed.querySelectorAll('meta')) meta.remove();
  for (const [target, source] of [[root, parsed.documentElement], [document.body, parsed.body]]) {
    for (const { name } of [...target.attributes]) if (name !== mark) target.removeAttribute(name);
    for (const { name, value } of source.attributes) target.setAttribute(name, value);
  }
  document.body.replaceChildren(...parsed.head.querySelectorAll('style, link, base'), ...parsed.body.childNodes);

  // Emoji: the same test and file names as Takumi's extractEmojis, and the same box.
  const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const isEmoji = (s) => !s.includes('\uFE0E') && (/^\p{Regional_Indicator}{1,2}$/u.test(s) ||
    /^[#*0-9]\uFE0F?\u20E3$/u.test(s) || (/^\p{Extended_Pictographic}/u.test(s) && (s.includes('\uFE0F') ||
    s.includes('\u200D') || /^\p{Emoji_Presentation}/u.test(s) || /^\p{Emoji_Modifier_Base}\p{Emoji_Modifier}/u.test(s))));
  const fileName = (s) => [...(s.includes('\u200D') ? s : s.replaceAll('\uFE0F', ''))]
    .map((c) => c.codePointAt(0).toString(16)).join('-');
  const skip = 'style, script, textarea, title, noscript, template, svg, option';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (mayHaveEmoji && walker.nextNode()) {
    const node = walker.currentNode;
    if (/[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u.test(node.data) && !node.parentElement?.closest(skip)) texts.push(node);
  }
  for (const node of texts) {
    const parts = [];
    let run = '';
    for (const { segment } of segmenter.segment(node.data)) {
      if (!isEmoji(segment)) { run += segment; continue; }
      if (run) parts.push(run), (run = '');
      const img = document.createElement('img');
      img.src = emojiPrefix + fileName(segment) + '.svg';
      img.alt = '';
      img.style.cssText = 'display:inline-block;width:1em;height:1em;margin:0 0.05em 0 0.1em;vertical-align:-0.1em';
      parts.push(img);
    }
    if (run) parts.push(run);
    node.replaceWith(...parts);
  }

  for (const img of document.images) img.loading = 'eager';
  void document.body.offsetHeight; // style and layout now: this starts font and CSS image loads
  const urls = new Set();
  const properties = ['backgroundImage', 'maskImage', 'webkitMaskImage', 'listStyleImage', 'borderImageSource', 'content'];
  const elements = mayHaveCssImages ? [root, document.body, ...document.body.querySelectorAll('*')] : [];
  for (const element of elements) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(element, pseudo);
      for (const property of properties) {
        const value = style[property];
        if (value && value.includes('url(')) {
          for (const match of value.matchAll(/url\("((?:[^"\\]|\\.)*)"\)/g)) urls.add(match[1].replace(/\\(.)/g, '$1'));
        }
      }
    }
  }
  // A CSS image shares its resource with an Image of the same URL: decoding one waits for both.
  const loads = [...document.images].map((img) => img.decode().catch(() => {}));
  for (const url of urls) {
    const probe = new Image();
    probe.src = url;
    loads.push(probe.decode().catch(() => {}));
  }
  await Promise.all(loads);
  await document.fonts.ready;
  // A browser draws an image it cannot load as a broken-image icon; Placard's native engine as an
  // empty box of the same size. Cards never want the icon: keep the box, hide the icon.
  for (const img of document.images) if (img.complete && img.naturalWidth === 0) img.style.visibility = 'hidden';
  return 'ok';
}`;

/** The CDP expression that swaps `html` into the shell and resolves once it is ready to capture. */
export function swapExpression(html: string, emoji: EmojiStyle = DEFAULT_EMOJI_STYLE): string {
  // The two scans cost a few ms on a big page: skipped when the text shows they find nothing.
  // Emoji style `none` leaves emoji as text, as the native engine does.
  const mayHaveEmoji =
    emoji !== 'none' && /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]/u.test(html);
  const mayHaveCssImages = /url\(/i.test(html);
  const args = [
    html,
    SHELL_MARK,
    `${EMOJI_PREFIX}${emoji}/`,
    PAGE_STYLE_ID,
    isFragment(html),
    mayHaveEmoji,
    mayHaveCssImages,
  ];
  return `(${SWAP})(${args.map((arg) => JSON.stringify(arg)).join(', ')})`;
}

/** A template without its own <body> is a fragment: it gets the native engine's page defaults. */
export function isFragment(html: string): boolean {
  return !/<body[\s>]/i.test(html.replace(/<!--[\s\S]*?-->/g, ''));
}

/** Empties the page after a capture: frees the template's memory and stops any animation. */
export const CLEAR_EXPRESSION = `document.body.replaceChildren(), 0`;
