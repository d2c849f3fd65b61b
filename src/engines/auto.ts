// Which engine `engine: "auto"` should use for a bound template: native (Takumi 2.16, ~10 ms)
// unless the template uses something native lacks or draws far off, then Chromium (~10x slower).
// The pipeline scans the template as the native adapt step rewrote it (native/adapt/): min()/
// max()/clamp(), ch/ex, html/body rules, named areas, display: contents, counters,
// foreignObject, border-image, vertical writing, multi-column layout and ::first-letter/
// ::first-line are flagged here only where that step could not rewrite them (a gradient border
// image it paints as a background, upright CJK text of a known height it sets in columns, and a
// run of plain text whose lines it can break it lays out in balanced columns, or gives its first
// letter and first line as spans).
//
// Every rule below was measured: the same template drawn by both engines, compared (fidelity/,
// `npm run fidelity`; far = mean Δ above 4 of 255 per channel). Each flagged feature drew far off:
//   writing-mode vertical text · multi-column layout (column-count/-width, columns) ·
//   shape-outside · 3D transforms (perspective, rotateX/Y, *3d, *Z) · min()/max()/clamp() in
//   values (the declaration is dropped) · ch and ex units (dropped) · named grid areas ·
//   border-image · display: contents · CSS counters · ::first-letter / ::first-line · :has() ·
//   @container queries · SVG <foreignObject> (drawn empty) · styles on html, body or :root (native
//   has no body for a fragment, so they are lost; custom properties on :root do work).
// Tested and close enough to stay native: flex, grid tracks/spans/minmax(), linear, radial, conic
// and repeating gradients, box and text shadows, 2D transforms, border-radius, overflow clipping,
// line clamp, ellipsis, letter/word spacing, text-align (justify too), text-indent, white-space,
// word-break, hyphens, text-wrap: balance, decorations, background-clip: text, text-stroke,
// outline, border styles, float, tables, absolute/fixed/sticky, z-index, calc(), var(),
// aspect-ratio, vw/vh/vmin/vmax/rem/em, ::before/::after, @media, @supports, @layer, nesting,
// :nth-child/:not/:is/attribute selectors, modern colours (oklch, lab, color-mix), filter,
// backdrop-filter, mix-blend-mode, clip-path and mask on boxes, inline SVG (gradients, patterns,
// use, text, blur filters), object-fit/-position, CJK, RTL, emoji, italic and weights, lists,
// <script> (JavaScript is off in the Chromium engine too, so it changes nothing).
// Known far-off cases this text check cannot see (they need layout to detect): filter, opacity,
// clip-path, mask or margins on an <img> that sits in inline text (fine on a block, flex or grid
// item), and filter on an inline <span>. Small UA-styled widgets (<hr>, <details>, form controls,
// square list markers) differ but cover too little of a card to count as far.

import { LRUCache } from 'lru-cache';

export interface ChromiumNeed {
  readonly needed: boolean;
  /** Short names of the features found, in a stable order. */
  readonly reasons: readonly string[];
}

// The same bound HTML comes back render after render (a template drawn again with the same
// variables, or past its cache TTL), and the scan is a large part of a cache miss's own JS
// (~0.08 ms of the standard card's ~0.5). Bounded by the HTML's length, so large documents
// (inline images) do not pin much memory.
const scans = new LRUCache<string, ChromiumNeed>({
  max: 256,
  maxSize: 4 * 1024 * 1024,
  sizeCalculation: (_need, html) => Math.max(1, html.length),
});

interface Rule {
  reason: string;
  /** Tested on each declaration (`property`, `value` lower-cased, strings and url() emptied). */
  declaration?: (property: string, value: string) => boolean;
  /** Tested on each selector list of a stylesheet rule (lower-cased). */
  selector?: (selector: string) => boolean;
}

const THREE_D = /\b(?:rotate[xy]|rotate3d|translatez|translate3d|scalez|scale3d|matrix3d|perspective)\(/;

const RULES: readonly Rule[] = [
  { reason: 'writing-mode', declaration: (p, v) => p === 'writing-mode' && /vertical|sideways/.test(v) },
  {
    reason: 'multi-column layout',
    declaration: (p, v) =>
      (p === 'column-count' || p === 'column-width' || p === 'columns') && v.trim() !== 'auto',
  },
  { reason: 'shape-outside', declaration: (p, v) => p === 'shape-outside' && v.trim() !== 'none' },
  {
    reason: '3D transform',
    declaration: (p, v) =>
      (p === 'perspective' && v.trim() !== 'none') ||
      (p === 'transform-style' && v.includes('preserve-3d')) ||
      THREE_D.test(v),
  },
  { reason: 'min()/max()/clamp()', declaration: (_, v) => /(?<![\w-])(?:min|max|clamp)\(/.test(v) },
  { reason: 'ch/ex units', declaration: (_, v) => /(?<![\w#-])\d*\.?\d+(?:ch|ex)\b/.test(v) },
  {
    reason: 'named grid areas',
    declaration: (p, v) =>
      p === 'grid-template-areas' ||
      (p === 'grid-template' && v.includes('""')) ||
      (/^grid-(?:area|row|column)(?:-start|-end)?$/.test(p) &&
        /(?:^|\/)\s*(?!(?:span|auto|inherit|initial|unset|revert)\b)[a-z_][\w-]*\s*(?:\/|$)/.test(v)),
  },
  {
    reason: 'border-image',
    declaration: (p, v) => /^border-image(?:-source)?$/.test(p) && v.trim() !== 'none',
  },
  { reason: 'display: contents', declaration: (p, v) => p === 'display' && /^contents\b/.test(v.trim()) },
  { reason: 'CSS counters', declaration: (p, v) => p === 'content' && /\bcounters?\(/.test(v) },
  { reason: '::first-letter/::first-line', selector: (s) => /::?first-(?:letter|line)\b/.test(s) },
  { reason: ':has()', selector: (s) => s.includes(':has(') },
];

export function needsChromium(html: string): ChromiumNeed {
  let need = scans.get(html);
  if (!need) {
    need = Object.freeze(scan(html));
    scans.set(html, need);
  }
  return need;
}

function scan(html: string): ChromiumNeed {
  const reasons = new Set<string>();
  const sheets = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');
  const markup = html.replace(/<(style|script)\b[^>]*>[\s\S]*?<\/\1>/gi, '').replace(/<!--[\s\S]*?-->/g, '');
  const rules = sheets.flatMap((sheet) => cssRules(sheet));
  const inline = [...markup.matchAll(/<([a-z][\w-]*)\b[^>]*?\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)].map(
    (m) => ({
      tag: (m[1] ?? '').toLowerCase(),
      declarations: declarations(decodeEntities(m[2] ?? m[3] ?? '')),
    }),
  );

  const allDeclarations = [
    ...rules.flatMap((rule) => rule.declarations),
    ...inline.flatMap((s) => s.declarations),
  ];
  for (const rule of RULES) {
    const byDeclaration = rule.declaration && allDeclarations.some(([p, v]) => rule.declaration?.(p, v));
    const bySelector = rule.selector && rules.some((r) => rule.selector?.(r.selector));
    if (byDeclaration || bySelector) reasons.add(rule.reason);
  }
  if (sheets.some((sheet) => /@container\b/i.test(sheet))) reasons.add('@container queries');
  if (/<foreignobject[\s>]/i.test(markup)) reasons.add('SVG foreignObject');
  const pageRules = rules.filter((rule) => targetsPage(rule.selector)).map((rule) => rule.declarations);
  const pageInline = inline.filter((s) => s.tag === 'html' || s.tag === 'body').map((s) => s.declarations);
  // The native adapt step gives a fragment that styles html/body the page Chromium gives it
  // (native/adapt/page.ts), marked so; a full document's own html and body still draw far off.
  const adaptedPage = /<body data-placard-page[\s>]/.test(markup);
  if (
    !adaptedPage &&
    [...pageRules, ...pageInline].some((list) => list.some(([p, v]) => !pageNeutral(p, v)))
  ) {
    reasons.add('styles on html/body');
  }
  return { needed: reasons.size > 0, reasons: Object.freeze([...reasons]) };
}

type Declaration = [property: string, value: string];

/**
 * Flat (selector, declarations) pairs of a stylesheet. Innermost `{...}` blocks are taken first and
 * cut out, so rules inside @media/@supports/@layer and nested rules are all found.
 */
function cssRules(sheet: string): { selector: string; declarations: Declaration[] }[] {
  let text = blankStrings(sheet.replace(/\/\*[\s\S]*?\*\//g, ''));
  const found: { selector: string; declarations: Declaration[] }[] = [];
  const innermost = /([^{};]*)\{([^{}]*)\}/g;
  for (let guard = 0; guard < 64 && innermost.test(text); guard += 1) {
    text = text.replace(innermost, (_, selector: string, body: string) => {
      found.push({ selector: selector.trim().toLowerCase(), declarations: declarations(body) });
      return ';';
    });
  }
  return found;
}

function declarations(body: string): Declaration[] {
  return blankStrings(body)
    .split(';')
    .map((part): Declaration | undefined => {
      const colon = part.indexOf(':');
      if (colon < 0) return undefined;
      return [
        part.slice(0, colon).trim().toLowerCase(),
        part
          .slice(colon + 1)
          .trim()
          .toLowerCase(),
      ];
    })
    .filter((d): d is Declaration => d !== undefined && d[0] !== '');
}

/** Empties quoted strings and url(...) bodies, so data: URLs and text never look like CSS. */
function blankStrings(css: string): string {
  return css.replace(/url\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\)/gi, 'url()').replace(/"[^"]*"|'[^']*'/g, '""');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** A selector list that styles the page itself: `html`, `body` or `:root` as a type or pseudo-class. */
function targetsPage(selector: string): boolean {
  return /(?:^|[\s,>+~(])(?:html|body)(?![\w-])|:root\b/.test(selector);
}

/**
 * Declarations on html/body/:root that draw the same either way: custom properties (they work on
 * :root in native), zero margins and paddings, full-size heights (the Chromium engine's page is
 * viewport-tall already), and rendering hints.
 */
function pageNeutral(property: string, value: string): boolean {
  const v = value.replace(/\s*!important$/, '').trim();
  if (
    property.startsWith('--') ||
    /^(?:box-sizing|overflow(?:-[xy])?|text-rendering|-webkit-font-smoothing)$/.test(property)
  ) {
    return true;
  }
  if (/^(?:min-)?(?:height|width)$/.test(property)) return /^(?:100%|100vh|100vw|auto)$/.test(v);
  if (/^(?:margin|padding)(?:-(?:top|right|bottom|left|block|inline)(?:-start|-end)?)?$/.test(property)) {
    return /^(?:0(?:px|em|rem|%)?\s*)+$/.test(v);
  }
  return false;
}
