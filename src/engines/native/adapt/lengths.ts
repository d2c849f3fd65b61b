// Rewrites min()/max()/clamp()/calc() and ch/ex units to pixels where the result is the same for
// every element a declaration applies to (Takumi drops a declaration with min()/max()/clamp() or
// ch/ex). Viewport units and rem need no element; em, ch and ex take the element's font (its
// parent's for font-size). `width: min(900px, 80%)` has no pixel value before layout, but is
// exactly `width: 80%; max-width: 900px` when nothing else sets max-width: that form is written.
import type { Element } from 'domhandler';
import type { Declaration, Rule } from 'postcss';
import valueParser, { type Node as ValueNode } from 'postcss-value-parser';
import type { Computed } from './computed.ts';
import { cascaded, elements, type CascadeRule, type Pseudo } from './dom.ts';
import { evaluateMath, lengthPx, MATH_FUNCTIONS, px, splitArgs, type LengthContext } from './math.ts';

const RELATIVE_UNIT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(?:ch|ex)$/i;

/** Whether a value holds something this pass rewrites. */
export function needsLengthRewrite(value: string): boolean {
  let found = false;
  valueParser(value).walk((node) => {
    if (
      node.type === 'function' &&
      MATH_FUNCTIONS.has(node.value.toLowerCase()) &&
      node.value.toLowerCase() !== 'calc'
    )
      found = true;
    if (node.type === 'word' && RELATIVE_UNIT.test(node.value)) found = true;
    if (
      node.type === 'function' &&
      node.value.toLowerCase() === 'calc' &&
      /\d(?:ch|ex)\b/i.test(valueParser.stringify(node))
    )
      found = true;
  });
  return found;
}

/** The value with every resolvable math function and ch/ex length as px, or undefined. */
export function resolveValue(value: string, ctx: LengthContext): string | undefined {
  const parsed = valueParser(value);
  let failed = false;
  parsed.walk((node) => {
    if (failed) return false;
    if (node.type === 'function' && MATH_FUNCTIONS.has(node.value.toLowerCase())) {
      const result = evaluateMath(node, ctx);
      if (result === undefined) {
        if (node.value.toLowerCase() !== 'calc') failed = true;
        else if (/\d(?:ch|ex)\b/i.test(valueParser.stringify(node))) failed = true;
        return false;
      }
      replaceWithWord(node, px(result));
      return false;
    }
    if (node.type === 'word' && RELATIVE_UNIT.test(node.value)) {
      const result = lengthPx(node.value, ctx);
      if (result === undefined) failed = true;
      else node.value = px(result);
    }
    return undefined;
  });
  return failed ? undefined : parsed.toString();
}

function replaceWithWord(node: ValueNode, value: string): void {
  const word = node as unknown as { type: string; value: string; nodes?: unknown };
  word.type = 'word';
  word.value = value;
  delete word.nodes;
}

/** Where a declaration applies: its rule's elements and pseudo, or an inline style's element. */
interface Target {
  element: Element;
  pseudo: Pseudo;
}

export function rewriteLengths(computed: Computed, rules: readonly CascadeRule[]): boolean {
  const template = computed.template;
  const all = elements(template.document);
  let changed = false;
  const visit = (fn: (declaration: Declaration, targets: () => Target[]) => void): void => {
    for (const rule of rules) {
      const targets = (): Target[] =>
        rule.selectors.flatMap((entry) =>
          entry.pseudo === 'other'
            ? []
            : all
                .filter((element) => safeIs(element, entry.match))
                .map((element) => ({ element, pseudo: entry.pseudo as Pseudo })),
        );
      rule.rule.each((node) => {
        if (node.type === 'decl') fn(node, targets);
      });
    }
    for (const [element, root] of template.inline)
      root.walkDecls((d) => fn(d, () => [{ element, pseudo: undefined }]));
  };
  visit((declaration, targets) => {
    if (!needsLengthRewrite(declaration.value)) return;
    const property = declaration.prop.toLowerCase();
    const forFontSize = property === 'font-size';
    // Viewport units, rem and absolute lengths alone: the same everywhere.
    const rem = computed.rem();
    if (rem !== undefined) {
      const free = resolveValue(declaration.value, { ...computed.viewport, rem });
      if (free !== undefined) {
        declaration.value = free;
        changed = true;
        return;
      }
    }
    const results = new Set<string | undefined>();
    for (const { element, pseudo } of targets()) {
      const ctx = computed.context(element, pseudo, forFontSize);
      const split = (): string | undefined => {
        const plan = ctx && splitPercent(declaration, ctx);
        // The bounds written must be the element's only ones, or they would compete.
        const free = plan?.bounds.every(
          (bound) => cascaded(template, rules, element, bound, pseudo) === null,
        );
        return free ? plan?.encoded : undefined;
      };
      results.add(ctx ? (resolveValue(declaration.value, ctx) ?? split()) : undefined);
      if (results.has(undefined) || results.size > 1) return;
    }
    const [only] = [...results];
    if (only === undefined) return;
    if (only.startsWith('\u0000')) applySplit(declaration, only);
    else declaration.value = only;
    changed = true;
  });
  return changed;
}

function safeIs(element: Element, selector: string): boolean {
  try {
    return cssIs(element, selector);
  } catch {
    return false;
  }
}

import { is as cssIs } from 'css-select';

const BOUNDS: Record<string, [string, string]> = {
  width: ['min-width', 'max-width'],
  height: ['min-height', 'max-height'],
};

/**
 * `width: min(L, P%)` → `width: P%; max-width: L`; max() → min-width; clamp(A, P%, B) → both.
 * The caller checks that nothing else sets the bounds written on the element.
 * Returns an encoded plan (NUL-prefixed JSON) for applySplit, or undefined.
 */
function splitPercent(
  declaration: Declaration,
  ctx: LengthContext,
): { encoded: string; bounds: string[] } | undefined {
  const bounds = BOUNDS[declaration.prop.toLowerCase()];
  if (!bounds) return undefined;
  const nodes = valueParser(declaration.value).nodes;
  const fn = nodes.length === 1 ? nodes[0] : undefined;
  if (!fn || fn.type !== 'function') return undefined;
  const name = fn.value.toLowerCase();
  const args = splitArgs(fn.nodes).map((arg) => arg.filter((n) => n.type !== 'space'));
  const percent = (arg: ValueNode[]): string | undefined =>
    arg.length === 1 && arg[0]?.type === 'word' && /^\d*\.?\d+%$/.test(arg[0].value)
      ? arg[0].value
      : undefined;
  const length = (arg: ValueNode[]): number | undefined => {
    const only = arg.length === 1 ? arg[0] : undefined;
    if (!only) return undefined;
    return only.type === 'function'
      ? evaluateMath(only, ctx)
      : only.type === 'word'
        ? lengthPx(only.value, ctx)
        : undefined;
  };
  const plan: Record<string, string> = {};
  if (name === 'min' || name === 'max') {
    const percents = args.map(percent).filter((p) => p !== undefined);
    const lengths = args.filter((arg) => percent(arg) === undefined).map(length);
    if (percents.length !== 1 || lengths.length === 0 || lengths.some((l) => l === undefined))
      return undefined;
    const values = lengths as number[];
    plan[declaration.prop] = percents[0] as string;
    plan[name === 'min' ? bounds[1] : bounds[0]] = px(
      name === 'min' ? Math.min(...values) : Math.max(...values),
    );
  } else if (name === 'clamp' && args.length === 3) {
    const [low, mid, high] = [length(args[0] ?? []), percent(args[1] ?? []), length(args[2] ?? [])];
    if (low === undefined || mid === undefined || high === undefined) return undefined;
    Object.assign(plan, { [declaration.prop]: mid, [bounds[0]]: px(low), [bounds[1]]: px(high) });
  } else return undefined;
  const written = Object.keys(plan).filter((prop) => prop !== declaration.prop);
  return { encoded: `\u0000${JSON.stringify(plan)}`, bounds: written };
}

function applySplit(declaration: Declaration, encoded: string): void {
  const plan = JSON.parse(encoded.slice(1)) as Record<string, string>;
  for (const [prop, value] of Object.entries(plan)) {
    if (prop === declaration.prop) declaration.value = value;
    else declaration.after({ prop, value, important: declaration.important });
  }
}

export type { Rule };
