// `writing-mode: vertical-rl` on a box of Japanese or Chinese text. Takumi has no vertical writing
// and sets the text in horizontal lines. A browser (CSS Writing Modes 3) sets such text in columns
// read top to bottom, right to left: every ideograph and kana stands upright and advances 1em
// down the column, a column is as wide as the line height, and a column ends when the next
// character would pass the box's height. For a box that holds only such characters and whose
// height is known before layout, the columns are computed here and written as boxes: a flex row,
// right to left, of columns, each a stack of 1em cells with one character, drawn with the font's
// vertical forms (`font-feature-settings: 'vert'`: the upper-right comma and full stop).
//
// Close, not exact: mean Δ 1.27 of 255 on fidelity/cases/vertical-text, against 12.70 for
// horizontal lines (and 0.8-2.3 on four more scratch cards: bold, Noto as the primary font, an own
// height, 40-72 px). Each cell's line height is the primary font's ascent plus descent, so its
// baseline sits one ascent down; the glyph is moved up by that ascent minus the CJK face's
// ideographic em-box top (OS/2 typo ascender, 880/1000, where the vmtx puts every glyph's vertical
// origin), then down by CHROMIUM_DROP_PX. Its centre sits half the difference of (ascent - descent)
// of the glyph's face and of the primary font right of the column's centre, where Chromium draws it
// (measured, to a pixel, with Inter, Roboto, Montserrat, Playfair Display and Noto Sans JP as the
// primary font). What is left is sub-pixel placement: Chromium and Takumi round glyph positions
// differently, a pixel here and there.
//
// Applies only when it can be decided before layout; otherwise left as written (auto sends it to
// Chromium): a <div> whose content is one text node of upright CJK characters (no Latin, digits or
// spaces, which turn sideways or are set differently); its height from its own `height` in px, or
// as a stretched item of a nowrap row flex container of known height; no padding, border, pseudo
// content or logical margins; no text property that changes the setting (text-align,
// letter-spacing, text-orientation, white-space, line-break, ...); the bundled CJK faces (both
// Noto Sans JP and SC, so either fallback) with the same metrics; and no break that would put a
// character a line may not start or end with at a column's start or end (kinsoku).
import { Element, Text } from 'domhandler';
import type { Declaration } from 'postcss';
import type { Computed } from './computed.ts';
import { parentElement } from './computed.ts';
import { appendInline, cascaded, dropReplaced, elements } from './dom.ts';
import { lengthPx, type LengthContext } from './math.ts';
import { lineMetrics, type LineMetrics } from './metrics.ts';
import { LINE_DEFAULTS } from './text-box.ts';

/**
 * Chromium draws an upright glyph this much below its em box's top (measured: 1-2 px at 40, 56
 * and 72 px, whichever bundled font is primary; the CJK faces' vmtx puts every glyph's origin at
 * the em box's top, 880/1000, so it is Chromium's own placement, not the font's).
 */
const CHROMIUM_DROP_PX = 1.5;

/** Unicode Vertical_Orientation U or Tu with a 'vert' form in the CJK faces: drawn upright. */
const UPRIGHT =
  /^[\u3001\u3002\u3005\u300c-\u300f\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$/u;
/** May not start a column (closing brackets, commas, iteration and prolonged-sound marks, small kana). */
const NO_START =
  /^[\u3001\u3002\u3005\u300d\u300f\u309d\u309e\u30fc\u30fd\u30fe\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e\u3095\u3096\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6]$/u;
/** May not end a column (opening brackets). */
const NO_END = /^[\u300c\u300e]$/u;

/** The line-breaking defaults, and what changes how vertical text is set. */
const TEXT_DEFAULTS: Record<string, RegExp> = {
  ...LINE_DEFAULTS,
  'text-align': /^start$/,
  'text-align-last': /^auto$/,
  'text-justify': /^auto$/,
  'text-orientation': /^mixed$/,
  'text-combine-upright': /^none$/,
  'font-variant-east-asian': /^normal$/,
  // Not inherited, but drawn through to the text of every descendant.
  'text-decoration': /^none$/,
  'text-decoration-line': /^none$/,
  'text-emphasis': /^none$/,
  'text-emphasis-style': /^none$/,
};

/** Properties of the element itself that would change its box or what it draws. */
const OWN_UNSET = [
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'padding-block',
  'padding-inline',
  'border',
  'border-width',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'margin-block',
  'margin-block-start',
  'margin-block-end',
  'margin-inline',
  'margin-inline-start',
  'margin-inline-end',
  'min-height',
  'max-height',
  'min-width',
  'max-width',
  'block-size',
  'inline-size',
  'overflow',
  '-webkit-line-clamp',
  'line-clamp',
  'columns',
  'column-count',
  // Would place the columns written as flex items.
  'flex-direction',
  'flex-wrap',
  'flex-flow',
  'justify-content',
  'align-items',
  'align-content',
  'place-items',
  'place-content',
  'gap',
  'row-gap',
  'column-gap',
];

export interface ColumnPlan {
  columns: string[][];
  /** Column width (the line height), px. */
  columnWidth: number;
  /** Cell line height, em: the primary font's ascent plus descent, so the baseline is one ascent down. */
  cellLineHeight: number;
  /** How far the glyph moves down from there so its em box starts at the cell's top, em. */
  drop: number;
  /** How far the glyph's centre sits right of the column's centre, em. */
  shift: number;
  /** Whether the element has its own width (else the columns' total is written). */
  ownWidth: boolean;
}

export function setVerticalText(computed: Computed): boolean {
  const { template, rules } = computed;
  const settled = new Set<Element>();
  const winners = new Set<Declaration>();
  for (const element of elements(template.document)) {
    const found = cascaded(template, rules, element, 'writing-mode');
    if (found === null || found === 'unknown' || found.declaration.important) continue;
    if (found.value.trim().toLowerCase() !== 'vertical-rl') continue;
    const plan = planColumns(computed, element);
    if (!plan) continue;
    writeColumns(computed, element, plan);
    winners.add(found.declaration);
    settled.add(element);
  }
  if (settled.size === 0) return false;
  dropReplaced(template, rules, 'writing-mode', winners, settled);
  return true;
}

/** The columns a browser sets the element's text in, or undefined when that is not known here. */
export function planColumns(computed: Computed, element: Element): ColumnPlan | undefined {
  const { template, rules } = computed;
  if (element.name.toLowerCase() !== 'div') return undefined; // others have UA margins or are inline
  const parent = parentElement(element);
  const parentMode = parent ? computed.inherited(parent, 'writing-mode') : null;
  if (parentMode !== null && parentMode !== 'horizontal-tb') return undefined;
  const own = (property: string) => {
    const found = cascaded(template, rules, element, property);
    if (found === 'unknown' || found?.declaration.important) return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  };
  const display = own('display');
  if (display === undefined || (display !== null && display !== 'block')) return undefined;
  if (OWN_UNSET.some((property) => own(property) !== null)) return undefined;
  for (const pseudo of ['before', 'after'] as const) {
    const content = cascaded(template, rules, element, 'content', pseudo);
    if (content === 'unknown' || (content !== null && !/^(?:none|normal)$/i.test(content.value.trim())))
      return undefined;
  }
  for (const [property, fine] of Object.entries(TEXT_DEFAULTS)) {
    const value = computed.inherited(element, property);
    if (value === undefined || (value !== null && !fine.test(value))) return undefined;
  }

  const text = textOf(element);
  if (text === undefined) return undefined;
  const chars = [...text];
  if (chars.length === 0 || !chars.every((c) => UPRIGHT.test(c))) return undefined;

  const size = computed.fontSize(element);
  const font = computed.font(element);
  if (size === undefined || !font) return undefined;
  const primary = lineMetrics(font.family, font.weight, font.italic, 0x20, computed.accountFamilies);
  const glyphs = glyphMetrics(computed, font, chars);
  if (!primary || !glyphs) return undefined;

  const rem = computed.rem();
  if (rem === undefined) return undefined;
  const ctx: LengthContext = { ...computed.viewport, rem };
  const columnWidth = lineHeightPx(computed.inherited(element, 'line-height'), size, primary, glyphs, ctx);
  const length = inlineSize(computed, element, own('height'), ctx);
  if (columnWidth === undefined || length === undefined || !(size > 0) || !Number.isFinite(length))
    return undefined;
  // A character fits while the column's length holds its 1em advance (to LayoutUnit precision).
  const perColumn = Math.floor((length + 1 / 128) / size);
  if (perColumn < 1) return undefined;
  const columns: string[][] = [];
  for (let i = 0; i < chars.length; i += perColumn) columns.push(chars.slice(i, i + perColumn));
  for (const [i, column] of columns.entries()) {
    if (i > 0 && NO_START.test(column[0] ?? '')) return undefined;
    if (i < columns.length - 1 && NO_END.test(column[column.length - 1] ?? '')) return undefined;
  }
  const width = own('width');
  if (width === undefined || (width !== null && width !== 'auto' && lengthPx(width, ctx) === undefined))
    return undefined;
  return {
    columns,
    columnWidth,
    cellLineHeight: primary.ascent + primary.descent,
    drop: glyphs.typoAscent - primary.ascent + CHROMIUM_DROP_PX / size,
    shift: (glyphs.ascent - glyphs.descent - (primary.ascent - primary.descent)) / 2,
    ownWidth: width !== null && width !== 'auto',
  };
}

/** The element's text when it is one run of text (no child elements, no entities), trimmed. */
function textOf(element: Element): string | undefined {
  if (!element.children.every((child) => child.type === 'text')) return undefined;
  const text = element.children.map((child) => (child as Text).data).join('');
  if (/[&<]/.test(text)) return undefined;
  return text.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');
}

/** The CJK face's metrics for every character, when Noto Sans JP and SC agree on them. */
function glyphMetrics(
  computed: Computed,
  font: { family: string; weight: number; italic: boolean },
  chars: readonly string[],
): LineMetrics | undefined {
  let agreed: LineMetrics | undefined;
  for (const char of new Set(chars)) {
    const cp = char.codePointAt(0) ?? 0;
    for (const fallback of ["'Noto Sans JP'", "'Noto Sans SC'"]) {
      const m = lineMetrics(
        `${font.family}, ${fallback}`,
        font.weight,
        font.italic,
        cp,
        computed.accountFamilies,
      );
      if (!m) return undefined;
      agreed ??= m;
      if (m.ascent !== agreed.ascent || m.descent !== agreed.descent || m.typoAscent !== agreed.typoAscent)
        return undefined;
    }
  }
  return agreed;
}

/**
 * The line height in px: a number times the font size, an absolute length, or for `normal` the
 * tallest of the primary and the glyph font's ascent plus descent, each rounded to whole pixels as
 * Chromium rounds font metrics.
 */
function lineHeightPx(
  value: string | null | undefined,
  size: number,
  primary: LineMetrics,
  glyphs: LineMetrics,
  ctx: LengthContext,
): number | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === 'normal') {
    const height = (m: LineMetrics) => Math.round(m.ascent * size) + Math.round(m.descent * size);
    return Math.max(height(primary), height(glyphs));
  }
  if (/^\d*\.?\d+$/.test(value)) return Number(value) * size;
  return lengthPx(value, ctx); // ctx has no em: an inherited em or % length is not resolved here
}

/**
 * The box's height (the columns' length): its own `height` in px, or the inner height of a
 * single-line row flex container of known height that stretches it.
 */
function inlineSize(
  computed: Computed,
  element: Element,
  height: string | null | undefined,
  ctx: LengthContext,
): number | undefined {
  if (height === undefined) return undefined;
  if (height !== null && height !== 'auto') return lengthPx(height, ctx);
  const { template, rules } = computed;
  const parent = parentElement(element);
  if (!parent) return undefined;
  const of = (el: Element, property: string) => {
    const found = cascaded(template, rules, el, property);
    if (found === 'unknown') return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  };
  const display = of(parent, 'display');
  const direction = of(parent, 'flex-direction');
  const wrap = of(parent, 'flex-wrap');
  const flow = of(parent, 'flex-flow');
  const alignItems = of(parent, 'align-items');
  const alignSelf = of(element, 'align-self');
  if (display !== 'flex' || flow !== null) return undefined;
  if (direction === undefined || (direction !== null && !/^row(?:-reverse)?$/.test(direction)))
    return undefined;
  if (wrap === undefined || (wrap !== null && wrap !== 'nowrap')) return undefined;
  if (alignItems === undefined || (alignItems !== null && !/^(?:normal|stretch)$/.test(alignItems)))
    return undefined;
  if (alignSelf === undefined || (alignSelf !== null && !/^(?:auto|normal|stretch)$/.test(alignSelf)))
    return undefined;
  for (const property of ['margin', 'margin-top', 'margin-bottom']) {
    const margin = of(element, property);
    if (margin !== null) return undefined;
  }
  for (const property of [
    'min-height',
    'max-height',
    'border',
    'border-top',
    'border-bottom',
    'border-width',
  ]) {
    if (of(parent, property) !== null) return undefined;
  }
  const parentHeight = of(parent, 'height');
  if (!parentHeight) return undefined;
  const outer = lengthPx(parentHeight, ctx);
  const sizing = of(parent, 'box-sizing');
  if (outer === undefined || sizing === undefined) return undefined;
  if (sizing !== 'border-box') return outer;
  const padding = of(parent, 'padding');
  if (padding === undefined || of(parent, 'padding-top') !== null || of(parent, 'padding-bottom') !== null)
    return undefined;
  if (padding === null) return outer;
  const parentCtx = computed.context(parent, undefined, false);
  const sides = padding.split(/\s+/).map((word) => (parentCtx ? lengthPx(word, parentCtx) : undefined));
  if (sides.length > 4 || sides.some((side) => side === undefined)) return undefined;
  const [top = 0, , bottom = top] = sides as number[];
  return outer - top - bottom;
}

function writeColumns(computed: Computed, element: Element, plan: ColumnPlan): void {
  const round = (n: number) => Math.round(n * 10000) / 10000;
  const cell =
    `display:block;height:1em;line-height:${round(plan.cellLineHeight)}em;text-align:center;` +
    `font-feature-settings:'vert';position:relative;left:${round(plan.shift)}em;top:${round(plan.drop)}em`;
  const column = `display:flex;flex-direction:column;flex-shrink:0;width:${round(plan.columnWidth)}px`;
  const columns = plan.columns.map(
    (chars) =>
      new Element(
        'span',
        { style: column },
        chars.map((char) => new Element('span', { style: cell }, [new Text(char)])),
      ),
  );
  for (const col of columns) adopt(col, col.children as Element[]);
  element.children = columns;
  adopt(element, columns);
  appendInline(computed.template, element, [
    ['display', 'flex'],
    ['flex-direction', 'row-reverse'],
    ...(plan.ownWidth
      ? []
      : [['width', `${round(plan.columnWidth * plan.columns.length)}px`] as [string, string]]),
  ]);
}

function adopt(parent: Element, children: (Element | Text)[]): void {
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
}
