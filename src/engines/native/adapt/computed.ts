// Computed values the rewrites need, from the cascade in dom.ts: font size (for em), family,
// weight and style (for ch and ex), with the browser's defaults for headings and bold tags.
// Anything the cascade cannot decide (a rule in @media, the `font` shorthand, `bolder`) makes the
// answer undefined, and the caller leaves that value for Chromium.
import type { Element } from 'domhandler';
import valueParser from 'postcss-value-parser';
import { cascaded, type CascadeRule, type Pseudo, type Template } from './dom.ts';
import { evaluateMath, lengthPx, type LengthContext } from './math.ts';
import { unitRatios } from './metrics.ts';

const HEADING_EM: Record<string, number> = { h1: 2, h2: 1.5, h3: 1.17, h4: 1, h5: 0.83, h6: 0.67 };
const BOLD_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'th']);
const KEYWORD_PX: Record<string, number> = {
  'xx-small': 9,
  'x-small': 10,
  small: 13,
  medium: 16,
  large: 18,
  'x-large': 24,
  'xx-large': 32,
  'xxx-large': 48,
};

export interface Viewport {
  width: number;
  height: number;
}

export class Computed {
  private readonly sizes = new Map<Element, number | undefined>();

  constructor(
    readonly template: Template,
    readonly rules: readonly CascadeRule[],
    readonly viewport: Viewport,
    /** The render's own (account) families, normalized: their metrics are not read here. */
    readonly accountFamilies: ReadonlySet<string> = new Set(),
  ) {}

  private declared(element: Element, property: string, pseudo?: Pseudo): string | null | undefined {
    if (cascaded(this.template, this.rules, element, 'font', pseudo) !== null) return undefined;
    const found = cascaded(this.template, this.rules, element, property, pseudo);
    if (found === 'unknown') return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  }

  /** Root font size: the html element's, else 16px. */
  rem(): number | undefined {
    const html = this.template.document.children.find(
      (node): node is Element => node.type === 'tag' && node.name.toLowerCase() === 'html',
    );
    return html ? this.fontSize(html) : 16;
  }

  fontSize(element: Element | null, pseudo?: Pseudo): number | undefined {
    if (!element) return 16;
    if (!pseudo && this.sizes.has(element)) return this.sizes.get(element);
    const parentSize = pseudo ? this.fontSize(element) : this.fontSize(parentElement(element));
    let size: number | undefined;
    const value = this.declared(element, 'font-size', pseudo);
    if (parentSize === undefined || value === undefined) size = undefined;
    else if (value === null || value === 'inherit' || value === 'unset') {
      const em = pseudo ? undefined : HEADING_EM[element.name.toLowerCase()];
      size = em === undefined ? parentSize : parentSize * em;
    } else size = this.resolveFontSize(value, parentSize, element);
    if (!pseudo) this.sizes.set(element, size);
    return size;
  }

  private resolveFontSize(value: string, parentSize: number, element: Element): number | undefined {
    if (value in KEYWORD_PX) return KEYWORD_PX[value];
    if (value.endsWith('%')) return (parseFloat(value) / 100) * parentSize;
    const html = element.name.toLowerCase() === 'html';
    const rem = html ? 16 : this.rem();
    if (rem === undefined) return undefined;
    const parent = parentElement(element);
    const metrics = parent ? this.metrics(parent) : undefined;
    const ctx: LengthContext = { ...this.viewport, rem, em: parentSize, ...scaled(metrics, parentSize) };
    const nodes = valueParser(value).nodes;
    const only = nodes.length === 1 ? nodes[0] : undefined;
    if (!only) return undefined;
    return only.type === 'function' ? evaluateMath(only, ctx) : lengthPx(only.value, ctx);
  }

  /** ch and ex as fractions of the font size, for the element's font. */
  metrics(element: Element, pseudo?: Pseudo): { ch: number; ex: number } | undefined {
    const font = this.font(element, pseudo);
    return font && unitRatios(font.family, font.weight, font.italic, this.accountFamilies);
  }

  /** The element's font-family list (Inter when none), weight and style, when the cascade says. */
  font(element: Element, pseudo?: Pseudo): { family: string; weight: number; italic: boolean } | undefined {
    const family = this.inherited(element, 'font-family', pseudo) ?? 'Inter';
    const weightText = this.inherited(element, 'font-weight', pseudo);
    const style = this.inherited(element, 'font-style', pseudo) ?? 'normal';
    if (family === undefined || weightText === undefined || style === undefined) return undefined;
    const weight = weightOf(weightText, element);
    if (weight === undefined) return undefined;
    return { family, weight, italic: style.startsWith('italic') || style.startsWith('oblique') };
  }

  /** An inherited property's declared value up the tree; null when nothing sets it. */
  inherited(element: Element, property: string, pseudo?: Pseudo): string | null | undefined {
    let current: Element | null = element;
    let first = true;
    while (current) {
      const value = this.declared(current, property, first ? pseudo : undefined);
      if (value === undefined) return undefined;
      if (value !== null && value !== 'inherit') {
        return property === 'font-weight' && value !== 'normal' && value !== 'bold' && !/^\d+$/.test(value)
          ? undefined
          : value;
      }
      if (property === 'font-weight' && BOLD_TAGS.has(current.name.toLowerCase())) return 'bold';
      current = parentElement(current);
      first = false;
    }
    return null;
  }

  /** The length context of a declaration on this element (or pseudo), `forFontSize` uses the parent's. */
  context(element: Element, pseudo: Pseudo, forFontSize: boolean): LengthContext | undefined {
    const rem = this.rem();
    if (rem === undefined) return undefined;
    const base = forFontSize ? (pseudo ? element : parentElement(element)) : element;
    const basePseudo = forFontSize ? undefined : pseudo;
    const em = base ? this.fontSize(base, basePseudo) : 16;
    const metrics = base ? this.metrics(base, basePseudo) : undefined;
    return { ...this.viewport, rem, ...(em !== undefined && { em, ...scaled(metrics, em) }) };
  }
}

function weightOf(text: string | null, element: Element): number | undefined {
  if (text === null) return BOLD_TAGS.has(element.name.toLowerCase()) ? 700 : 400;
  if (text === 'normal') return 400;
  if (text === 'bold') return 700;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function scaled(metrics: { ch: number; ex: number } | undefined, size: number): { ch?: number; ex?: number } {
  return metrics ? { ch: metrics.ch * size, ex: metrics.ex * size } : {};
}

export function parentElement(element: Element): Element | null {
  const parent = element.parent;
  return parent && parent.type === 'tag' ? (parent as Element) : null;
}
