// What the text rewrites (columns, first-letter) need to know of a box of plain text before
// layout: its text, its content width, and that nothing changes how its lines break.
import type { Element, Text } from 'domhandler';
import type { Computed } from './computed.ts';
import { parentElement } from './computed.ts';
import { cascaded } from './dom.ts';
import { lengthPx, type LengthContext } from './math.ts';

/**
 * Inherited text properties that change where any line breaks, horizontal or vertical: each
 * must be unset (or the default) for a rewrite to set the text itself.
 */
export const LINE_DEFAULTS: Record<string, RegExp> = {
  'letter-spacing': /^normal$/,
  'word-spacing': /^normal$/,
  'text-indent': /^0(?:px)?$/,
  'text-transform': /^none$/,
  'white-space': /^normal$/,
  'word-break': /^normal$/,
  'line-break': /^(?:auto|normal)$/,
  'overflow-wrap': /^normal$/,
  'word-wrap': /^normal$/,
  hyphens: /^manual$/,
  direction: /^ltr$/,
  'font-feature-settings': /^normal$/,
  'font-variant': /^normal$/,
  'font-kerning': /^auto$/,
};

/** Those, and what changes horizontal lines of Latin text. */
const TEXT_DEFAULTS: Record<string, RegExp> = {
  ...LINE_DEFAULTS,
  'text-align': /^(?:start|left)$/,
  'writing-mode': /^horizontal-tb$/,
  'font-variant-ligatures': /^normal$/,
  'font-variant-numeric': /^normal$/,
  'font-variant-caps': /^normal$/,
  'font-stretch': /^normal$/,
  'font-synthesis': /^(?:weight style|style weight)$/,
  'text-rendering': /^auto$/,
};

/** Whether every inherited text property is unset or its default on the element. */
export function textSetAsDefault(computed: Computed, element: Element): boolean {
  return Object.entries(TEXT_DEFAULTS).every(([property, fine]) => {
    const value = computed.inherited(element, property);
    return value !== undefined && (value === null || fine.test(value));
  });
}

/** The element's text when it is one text node (no entities, soft hyphens), white space collapsed. */
export function plainText(element: Element): string | undefined {
  if (!element.children.every((child) => child.type === 'text')) return undefined;
  const raw = element.children.map((child) => (child as Text).data).join('');
  if (/[&<\u00ad\u200b]/.test(raw)) return undefined;
  const text = raw.replace(/[ \t\n\r\f]+/g, ' ').trim();
  return text === '' ? undefined : text;
}

/**
 * The content width of a block box with no padding, border or margins of its own: its own width in
 * px, else its parent's content width when the parent is a block (not flex or grid), recursively.
 */
export function contentWidth(computed: Computed, element: Element, ctx: LengthContext): number | undefined {
  const { template, rules } = computed;
  const of = (property: string) => {
    const found = cascaded(template, rules, element, property);
    if (found === 'unknown') return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  };
  const width = of('width');
  if (width === undefined) return undefined;
  if (width !== null && width !== 'auto') {
    const px = lengthPx(width, ctx);
    if (px === undefined) return undefined;
    if (of('box-sizing') !== 'border-box') return px;
    const padding = of('padding');
    if (padding === undefined || of('padding-left') !== null || of('padding-right') !== null)
      return undefined;
    if (['border', 'border-width', 'border-left', 'border-right'].some((p) => of(p) !== null))
      return undefined;
    if (padding === null) return px;
    const sides = padding.split(/\s+/).map((word) => lengthPx(word, ctx));
    if (sides.length > 4 || sides.some((side) => side === undefined)) return undefined;
    const [top = 0, right = top, , left = right] = sides as number[];
    return px - left - right;
  }
  const boxProperties = ['margin', 'margin-left', 'margin-right', 'margin-inline', 'min-width', 'max-width'];
  const sides = ['padding', 'padding-left', 'padding-right', 'padding-inline', 'border', 'border-width'];
  if ([...boxProperties, ...sides, 'border-left', 'border-right'].some((p) => of(p) !== null))
    return undefined;
  const parent = parentElement(element);
  if (!parent) return undefined;
  // A flex or grid parent (or any display but block's default) sizes its children otherwise.
  if (cascaded(template, rules, parent, 'display') !== null) return undefined;
  const parentCtx = computed.context(parent, undefined, false);
  return parentCtx && contentWidth(computed, parent, parentCtx);
}
