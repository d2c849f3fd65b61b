// Multi-column layout (`column-count: N`) of one run of text. Takumi has no multi-column layout and
// sets the text in one wide block. A browser (CSS Multi-column Layout 1) cuts the box's content
// into N columns of width (W - (N - 1) * gap) / N, and with `column-fill: balance` and no height
// makes them as short as it can: for lines of one height, ceil(lines / N) lines per column, the
// last column taking what is left; a rule, if any, is drawn in the middle of each gap, as tall as
// the columns. When the lines are known before layout (text-lines.ts: the bundled font's own
// shaping, breaks after spaces and hyphens), the columns are written here as a flex row: N boxes
// of that width holding each its lines' text (Takumi breaks them into the same lines), with a
// gap box between them that draws the rule. Measured: the same lines and columns as Chromium on
// fidelity/cases/columns (mean Δ 0.46 of 255, against 8.78 in one block) and on five scratch
// cards (Inter, Roboto, Lato, Playfair Display, Montserrat; 2-4 columns, 18-26 px; 0.24-0.36).
//
// Left as written (auto sends it to Chromium) unless all of this holds: a <div> whose content is
// one text node of characters one bundled font file draws; `column-count` (or `columns`) a number
// and no column-width, column-span or height on the box; its width known (its own in px, or that
// of block parents up to one with a width in px, with no padding, border or margins on the way);
// a solid rule with a colour, or none; no text property that changes line breaking or widths;
// every line decided with half a pixel to spare; every column holding at least two lines (so the
// widows and orphans rules, 2 by default, do not move a line).
import { Element, Text } from 'domhandler';
import type { Declaration } from 'postcss';
import valueParser from 'postcss-value-parser';
import type { Computed } from './computed.ts';
import { appendInline, cascaded, dropReplaced, elements } from './dom.ts';
import { lengthPx, type LengthContext } from './math.ts';
import { breakLines, type Line } from './text-lines.ts';
import { contentWidth, plainText, textSetAsDefault } from './text-box.ts';

/** Properties of the box that the written columns would not follow. */
const OWN_UNSET = [
  'column-width',
  'column-span',
  'column-fill',
  'height',
  'min-height',
  'max-height',
  'block-size',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'padding-inline',
  'border',
  'border-width',
  'border-left',
  'border-right',
  'overflow',
  '-webkit-line-clamp',
  'line-clamp',
  'display',
  'column-rule-width',
  'column-rule-style',
  'column-rule-color',
];

export interface ColumnsPlan {
  /** Text of each column. */
  texts: string[];
  columnWidth: number;
  gap: number;
  rule?: { width: number; color: string };
}

export function layColumns(computed: Computed): boolean {
  const { template, rules } = computed;
  const settled = new Set<Element>();
  const winners = new Set<Declaration>();
  for (const element of elements(template.document)) {
    const count = cascaded(template, rules, element, 'column-count');
    const columns = cascaded(template, rules, element, 'columns');
    if (count === 'unknown' || columns === 'unknown') continue;
    if ((count === null) === (columns === null)) continue; // neither, or both (order unknown here)
    const found = count ?? columns;
    if (!found || found.declaration.important || !/^\d+$/.test(found.value.trim())) continue;
    const plan = planColumns(computed, element, Number(found.value.trim()));
    if (!plan) continue;
    writeColumns(computed, element, plan);
    winners.add(found.declaration);
    settled.add(element);
  }
  if (settled.size === 0) return false;
  dropReplaced(template, rules, 'column-count', winners, settled);
  dropReplaced(template, rules, 'columns', winners, settled);
  return true;
}

export function planColumns(computed: Computed, element: Element, count: number): ColumnsPlan | undefined {
  const { template, rules } = computed;
  if (element.name.toLowerCase() !== 'div' || count < 2) return undefined;
  const own = (el: Element, property: string) => {
    const found = cascaded(template, rules, el, property);
    if (found === 'unknown' || found?.declaration.important) return undefined;
    return found === null ? null : found.value.trim().toLowerCase();
  };
  if (OWN_UNSET.some((property) => own(element, property) !== null)) return undefined;
  for (const pseudo of ['before', 'after'] as const) {
    const content = cascaded(template, rules, element, 'content', pseudo);
    if (content === 'unknown' || (content !== null && !/^(?:none|normal)$/i.test(content.value.trim())))
      return undefined;
  }
  if (!textSetAsDefault(computed, element)) return undefined;
  const text = plainText(element);
  if (text === undefined) return undefined;

  const rem = computed.rem();
  const size = computed.fontSize(element);
  const font = computed.font(element);
  const ctx = computed.context(element, undefined, false);
  if (rem === undefined || size === undefined || !font || !ctx?.em) return undefined;
  const width = contentWidth(computed, element, ctx);
  const columnGap = own(element, 'column-gap');
  const gapValue = columnGap === null ? own(element, 'gap') : columnGap;
  if (gapValue === undefined || width === undefined) return undefined;
  const gap = gapValue === null || gapValue === 'normal' ? size : lengthPx(gapValue, ctx);
  if (gap === undefined) return undefined;
  const columnWidth = (width - (count - 1) * gap) / count;
  if (!(columnWidth > 0)) return undefined;
  const rule = columnRule(own(element, 'column-rule'), ctx);
  if (rule === undefined) return undefined;

  const lines = breakLines(text, { ...font, size }, columnWidth, computed.accountFamilies);
  if (!lines) return undefined;
  const perColumn = Math.ceil(lines.length / count);
  const groups: Line[][] = [];
  for (let i = 0; i < lines.length; i += perColumn) groups.push(lines.slice(i, i + perColumn));
  if (groups.length !== count || groups.some((group) => group.length < 2)) return undefined;
  return {
    texts: groups.map((group) => text.slice(group[0]!.start, group[group.length - 1]!.end)),
    columnWidth,
    gap,
    ...(rule && { rule }),
  };
}

/** The rule as written (`1px solid #ccc`): null for none, undefined for what is not drawn here. */
function columnRule(
  value: string | null | undefined,
  ctx: LengthContext,
): { width: number; color: string } | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === 'none') return null;
  let width = 3; // medium
  let style: string | undefined;
  let color: string | undefined;
  for (const node of valueParser(value).nodes) {
    if (node.type === 'space') continue;
    const text = valueParser.stringify(node);
    if (/^(?:none|hidden|solid|dotted|dashed|double|groove|ridge|inset|outset)$/.test(text)) style = text;
    else if (/^(?:thin|medium|thick)$/.test(text)) width = { thin: 1, medium: 3, thick: 5 }[text] ?? 3;
    else if (lengthPx(text, ctx) !== undefined) width = lengthPx(text, ctx) ?? width;
    else if (color === undefined && text !== 'currentcolor') color = text;
    else return undefined;
  }
  if (style === 'none' || style === 'hidden') return null;
  if (style !== 'solid' || color === undefined) return undefined;
  return { width, color };
}

function writeColumns(computed: Computed, element: Element, plan: ColumnsPlan): void {
  const round = (n: number) => Math.round(n * 10000) / 10000;
  const boxes: Element[] = [];
  plan.texts.forEach((text, i) => {
    if (i > 0) {
      const rule = plan.rule
        ? [
            new Element('span', {
              style: `display:block;width:${round(plan.rule.width)}px;background:${plan.rule.color}`,
            }),
          ]
        : [];
      const gap = new Element(
        'span',
        { style: `display:flex;justify-content:center;flex-shrink:0;width:${round(plan.gap)}px` },
        rule,
      );
      adopt(gap, rule);
      boxes.push(gap);
    }
    const column = new Element(
      'span',
      { style: `display:block;flex-shrink:0;width:${round(plan.columnWidth)}px` },
      [new Text(text)],
    );
    adopt(column, column.children as Text[]);
    boxes.push(column);
  });
  element.children = boxes;
  adopt(element, boxes);
  appendInline(computed.template, element, [
    ['display', 'flex'],
    ['row-gap', '0'],
    ['column-gap', '0'],
  ]);
}

function adopt(parent: Element, children: (Element | Text)[]): void {
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
}
