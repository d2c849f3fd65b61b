// Evaluates CSS math (calc(), min(), max(), clamp()) and lengths to pixels, as a browser computes
// them once it knows the viewport and the font size. postcss-value-parser splits a value into
// functions and words; it does not evaluate, so the small expression reader below does (calc's
// grammar: sums of products, parentheses, nested math functions).
import valueParser, { type Node as ValueNode } from 'postcss-value-parser';

export interface LengthContext {
  /** Viewport in CSS px. */
  width: number;
  height: number;
  /** Root font size (px). */
  rem: number;
  /** The element's font size (px), when known; `em` fails without it. */
  em?: number;
  /** 1ch and 1ex in px, when known. */
  ch?: number;
  ex?: number;
}

export const MATH_FUNCTIONS = new Set(['calc', 'min', 'max', 'clamp']);

const ABSOLUTE: Record<string, number> = {
  px: 1,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
  pt: 4 / 3,
  pc: 16,
};

/** A dimension (`12ch`, `5vw`, `0`) in px, or undefined when it needs what the context lacks. */
export function lengthPx(word: string, ctx: LengthContext): number | undefined {
  const unit = valueParser.unit(word);
  if (!unit) return undefined;
  const n = Number(unit.number);
  if (!Number.isFinite(n)) return undefined;
  const u = unit.unit.toLowerCase();
  if (u === '') return n === 0 ? 0 : undefined;
  if (u in ABSOLUTE) return n * (ABSOLUTE[u] ?? 1);
  const per: Record<string, number | undefined> = {
    vw: ctx.width / 100,
    vh: ctx.height / 100,
    vmin: Math.min(ctx.width, ctx.height) / 100,
    vmax: Math.max(ctx.width, ctx.height) / 100,
    rem: ctx.rem,
    em: ctx.em,
    ch: ctx.ch,
    ex: ctx.ex,
  };
  const factor = per[u];
  return factor === undefined ? undefined : n * factor;
}

/** A plain number (for calc's `* 2`), or undefined. */
function plainNumber(word: string): number | undefined {
  const unit = valueParser.unit(word);
  return unit && unit.unit === '' ? Number(unit.number) : undefined;
}

type Term = { px: number } | { n: number };

/** Evaluates one math function node to px, or undefined when any part cannot be resolved. */
export function evaluateMath(node: ValueNode, ctx: LengthContext): number | undefined {
  if (node.type !== 'function') return undefined;
  const name = node.value.toLowerCase();
  if (!MATH_FUNCTIONS.has(name)) return undefined;
  const args = splitArgs(node.nodes).map((arg) => expression(arg, ctx));
  if (args.some((arg) => arg === undefined || !('px' in arg))) return undefined;
  const px = (args as { px: number }[]).map((arg) => arg.px);
  if (name === 'calc') return px.length === 1 ? px[0] : undefined;
  if (name === 'min') return px.length > 0 ? Math.min(...px) : undefined;
  if (name === 'max') return px.length > 0 ? Math.max(...px) : undefined;
  const [low, mid, high] = px;
  if (px.length !== 3 || low === undefined || mid === undefined || high === undefined) return undefined;
  return Math.max(low, Math.min(mid, high));
}

/** The comma-separated arguments of a function, each a list of nodes. */
export function splitArgs(nodes: ValueNode[]): ValueNode[][] {
  const args: ValueNode[][] = [[]];
  for (const node of nodes) {
    if (node.type === 'div' && node.value === ',') args.push([]);
    else args[args.length - 1]?.push(node);
  }
  return args;
}

/** Reads a calc expression (a node list) into tokens, then sums of products. */
function expression(nodes: ValueNode[], ctx: LengthContext): Term | undefined {
  const tokens: (Term | '+' | '-' | '*' | '/')[] = [];
  for (const node of nodes) {
    if (node.type === 'space' || node.type === 'comment') continue;
    if (node.type === 'div' && node.value === '/') tokens.push('/');
    else if (node.type === 'word' && ['+', '-', '*', '/'].includes(node.value))
      tokens.push(node.value as '+' | '-' | '*' | '/');
    else if (node.type === 'word' && node.value.includes('*')) {
      // `2*3px` without spaces: the parser keeps it as one word.
      const parts = node.value.split('*');
      for (const [i, part] of parts.entries()) {
        if (i > 0) tokens.push('*');
        const term = wordTerm(part, ctx);
        if (!term) return undefined;
        tokens.push(term);
      }
    } else if (node.type === 'word') {
      const term = wordTerm(node.value, ctx);
      if (!term) return undefined;
      tokens.push(term);
    } else if (node.type === 'function' && node.value === '') {
      const inner = expression(node.nodes, ctx); // parentheses
      if (!inner) return undefined;
      tokens.push(inner);
    } else if (node.type === 'function') {
      const px = evaluateMath(node, ctx);
      if (px === undefined) return undefined;
      tokens.push({ px });
    } else return undefined;
  }
  return sum(tokens);
}

function wordTerm(word: string, ctx: LengthContext): Term | undefined {
  const n = plainNumber(word);
  if (n !== undefined && Number.isFinite(n)) return { n };
  const px = lengthPx(word, ctx);
  return px === undefined ? undefined : { px };
}

function sum(tokens: (Term | string)[]): Term | undefined {
  let total: Term | undefined;
  let sign = 1;
  let i = 0;
  while (i < tokens.length) {
    let product = tokens[i];
    if (typeof product !== 'object') return undefined;
    i += 1;
    while (tokens[i] === '*' || tokens[i] === '/') {
      const op = tokens[i];
      const next = tokens[i + 1];
      if (typeof next !== 'object') return undefined;
      product = op === '*' ? multiply(product, next) : divide(product, next);
      if (!product) return undefined;
      i += 2;
    }
    const signed: Term = 'px' in product ? { px: sign * product.px } : { n: sign * product.n };
    if (!total) total = signed;
    else if ('px' in total && 'px' in signed) total = { px: total.px + signed.px };
    else if ('n' in total && 'n' in signed) total = { n: total.n + signed.n };
    else return undefined;
    if (i >= tokens.length) break;
    if (tokens[i] !== '+' && tokens[i] !== '-') return undefined;
    sign = tokens[i] === '-' ? -1 : 1;
    i += 1;
  }
  return total;
}

function multiply(a: Term, b: Term): Term | undefined {
  if ('n' in a && 'n' in b) return { n: a.n * b.n };
  if ('px' in a && 'n' in b) return { px: a.px * b.n };
  if ('n' in a && 'px' in b) return { px: a.n * b.px };
  return undefined;
}

function divide(a: Term, b: Term): Term | undefined {
  if (!('n' in b) || b.n === 0) return undefined;
  return 'px' in a ? { px: a.px / b.n } : { n: a.n / b.n };
}

/** px with at most 4 decimals, as CSS text. */
export function px(value: number): string {
  return `${Math.round(value * 10000) / 10000}px`;
}
