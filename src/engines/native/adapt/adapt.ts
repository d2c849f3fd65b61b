// Rewrites a bound template, before the native engine (Takumi) sees it, into CSS Takumi draws the
// way a browser would: what a browser computes before layout is computed here, exactly, against
// the known viewport and fonts. What cannot be rewritten exactly is left as written, and auto's
// scan (../../auto.ts) then sends the template to Chromium. Chromium always gets the original.
import { needsChromium, type ChromiumNeed } from '../../auto.ts';
import { facesByFamily } from '../../../fonts/font-set.ts';
import type { RenderDocument } from '../../types.ts';
import { Computed, type Viewport } from './computed.ts';
import { cascadeRules, parseTemplate, serialize } from './dom.ts';
import { rewriteLengths } from './lengths.ts';
import { wrapInPage } from './page.ts';
import { numberCounters } from './counters.ts';
import { flattenContents } from './contents.ts';
import { liftForeignObjects } from './foreign-object.ts';
import { rewriteGridAreas } from './grid-areas.ts';
import { paintBorderImages } from './border-image.ts';
import { setVerticalText } from './vertical-text.ts';
import { layColumns } from './columns.ts';
import { styleFirstLetters } from './first-letter.ts';

export interface AdaptResult {
  document: RenderDocument;
  /** Which rewrites changed something, in order (for logs and tests). */
  rewrites: string[];
  /**
   * Auto's scan of `document` when it came back unchanged (most templates), so the engine choice
   * need not scan the same HTML again; absent after a rewrite.
   */
  need?: ChromiumNeed;
}

type Pass = { name: string; run: (computed: Computed) => boolean };

const PASSES: readonly Pass[] = [
  { name: 'page', run: wrapInPage },
  // Counters first: a display: contents element still counts.
  { name: 'counters', run: numberCounters },
  { name: 'contents', run: flattenContents },
  { name: 'foreign-object', run: liftForeignObjects },
  { name: 'grid-areas', run: rewriteGridAreas },
  { name: 'lengths', run: (computed) => rewriteLengths(computed, computed.rules) },
  // After lengths, so a border width or a height written with calc() or min() is a number by then.
  { name: 'border-image', run: paintBorderImages },
  { name: 'vertical-text', run: setVerticalText },
  { name: 'columns', run: layColumns },
  { name: 'first-letter', run: styleFirstLetters },
];

export function adaptForNative(document: RenderDocument, viewport: Viewport): AdaptResult {
  // Every rewrite here targets something auto's scan flags; what it does not flag (most
  // templates) skips the parse (~3 ms for the standard card) at the cost of the scan alone.
  const need = needsChromium(document.html);
  if (!need.needed) return { document, rewrites: [], need };
  let template;
  try {
    template = parseTemplate(document.html);
  } catch {
    return { document, rewrites: [], need }; // CSS postcss refuses: leave it to the engines as it is
  }
  const accountFamilies = new Set(document.fonts ? facesByFamily(document.fonts).keys() : []);
  const rewrites: string[] = [];
  for (const pass of PASSES) {
    const computed = new Computed(template, cascadeRules(template), viewport, accountFamilies);
    if (pass.run(computed)) rewrites.push(pass.name);
  }
  if (rewrites.length === 0) return { document, rewrites, need };
  return { document: { ...document, html: serialize(template) }, rewrites };
}
