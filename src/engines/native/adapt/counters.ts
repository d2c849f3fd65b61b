// CSS counters, numbered as a browser numbers them: a walk in document order applying
// counter-reset, counter-increment and counter-set of each element and of its ::before/::after
// (scoped per CSS Lists 3: a counter lives for the element's following siblings and their
// descendants). Takumi has no counters, so each `content` that uses counter()/counters() becomes
// `var(--placard-content-N)` and every element it draws on gets its own text in that custom
// property (inline; it inherits into the pseudo-element, and the rule keeps its place in the
// cascade). Anything this cannot decide (a rule in @media that may change a counter) leaves it.
import type { Element } from 'domhandler';
import postcss, { type Declaration } from 'postcss';
import valueParser from 'postcss-value-parser';
import type { Computed } from './computed.ts';
import { cascaded, type Pseudo } from './dom.ts';

type Stacks = Map<string, number[]>;

class Undecidable extends Error {}

export function numberCounters(computed: Computed): boolean {
  const { template, rules } = computed;
  const uses = rules.some(({ rule }) =>
    rule.some(
      (node) =>
        node.type === 'decl' && node.prop.toLowerCase() === 'content' && /\bcounters?\(/i.test(node.value),
    ),
  );
  if (!uses) return false;
  const stacks: Stacks = new Map();
  const texts: { element: Element; declaration: Declaration; text: string }[] = [];

  const value = (element: Element, property: string, pseudo?: Pseudo): string | null => {
    const found = cascaded(template, rules, element, property, pseudo);
    if (found === 'unknown') throw new Undecidable(property);
    return found === null ? null : found.value.trim();
  };
  const apply = (element: Element, pseudo: Pseudo, level: Set<string>): void => {
    for (const [name, n] of pairs(value(element, 'counter-reset', pseudo), 0)) {
      const stack = stacks.get(name) ?? [];
      stacks.set(name, stack);
      if (level.has(name) && stack.length > 0) stack[stack.length - 1] = n;
      else {
        stack.push(n);
        level.add(name);
      }
    }
    const instantiate = (name: string): number[] => {
      const stack = stacks.get(name) ?? [];
      stacks.set(name, stack);
      if (stack.length === 0) {
        stack.push(0);
        level.add(name);
      }
      return stack;
    };
    for (const [name, n] of pairs(value(element, 'counter-increment', pseudo), 1)) {
      const stack = instantiate(name);
      stack[stack.length - 1] = (stack[stack.length - 1] ?? 0) + n;
    }
    for (const [name, n] of pairs(value(element, 'counter-set', pseudo), 0)) {
      const stack = instantiate(name);
      stack[stack.length - 1] = n;
    }
  };
  const pseudoContent = (element: Element, pseudo: 'before' | 'after'): Declaration | null | false => {
    const found = cascaded(template, rules, element, 'content', pseudo);
    if (found === 'unknown') throw new Undecidable('content');
    if (found === null || /^(?:none|normal)$/i.test(found.value.trim())) return false;
    return /\bcounters?\(/i.test(found.value) ? found.declaration : null;
  };
  const leave = (level: Set<string>): void => {
    for (const name of level) stacks.get(name)?.pop();
  };
  const visit = (element: Element, level: Set<string>): void => {
    if (value(element, 'display')?.toLowerCase() === 'none') return;
    apply(element, undefined, level);
    const inside = new Set<string>();
    for (const pseudo of ['before', 'after'] as const) {
      if (pseudo === 'after')
        for (const child of element.children) if (child.type === 'tag') visit(child as Element, inside);
      const content = pseudoContent(element, pseudo);
      if (content === false) continue;
      apply(element, pseudo, inside);
      if (content) texts.push({ element, declaration: content, text: contentText(content.value, stacks) });
    }
    leave(inside);
  };
  try {
    const top = new Set<string>();
    for (const child of template.document.children) if (child.type === 'tag') visit(child as Element, top);
  } catch (error) {
    if (error instanceof Undecidable) return false;
    throw error;
  }
  const names = new Map<Declaration, string>();
  for (const { element, declaration, text } of texts) {
    let name = names.get(declaration);
    if (!name) {
      name = `--placard-content-${names.size}`;
      names.set(declaration, name);
    }
    let inline = template.inline.get(element);
    if (!inline) {
      inline = postcss.root();
      template.inline.set(element, inline);
    }
    inline.append({ prop: name, value: cssString(text) });
  }
  for (const [declaration, name] of names) declaration.value = `var(${name})`;
  return names.size > 0;
}

/** `a 2 b` → [[a, 2], [b, fallback]]; `none` → []. */
function pairs(text: string | null, fallback: number): [string, number][] {
  if (text === null || /^(?:none|initial|unset|inherit)$/i.test(text)) return [];
  const words = text.split(/\s+/).filter(Boolean);
  const out: [string, number][] = [];
  for (let i = 0; i < words.length; i += 1) {
    const name = words[i] ?? '';
    const n = Number(words[i + 1]);
    if (words[i + 1] !== undefined && Number.isInteger(n)) {
      out.push([name, n]);
      i += 1;
    } else out.push([name, fallback]);
  }
  return out;
}

function contentText(value: string, stacks: Stacks): string {
  let text = '';
  for (const node of valueParser(value).nodes) {
    if (node.type === 'space' || node.type === 'comment') continue;
    if (node.type === 'string') text += node.value;
    else if (node.type === 'function' && /^counters?$/i.test(node.value)) {
      const args = node.nodes.filter((n) => n.type === 'word' || n.type === 'string');
      const [name, second, third] = args.map((n) => n.value);
      const stack = stacks.get(name ?? '') ?? [];
      if (node.value.toLowerCase() === 'counter') text += format(stack[stack.length - 1] ?? 0, second);
      else text += (stack.length > 0 ? stack : [0]).map((n) => format(n, third)).join(second ?? '');
    } else throw new Undecidable(`content ${node.value}`);
  }
  return text;
}

const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/** The counter styles cards use; any other style is not guessed. */
function format(n: number, style = 'decimal'): string {
  switch (style.toLowerCase()) {
    case 'decimal':
      return String(n);
    case 'decimal-leading-zero':
      return n >= 0 && n < 10 ? `0${n}` : String(n);
    case 'lower-alpha':
    case 'lower-latin':
    case 'upper-alpha':
    case 'upper-latin': {
      if (n < 1) return String(n);
      let s = '';
      for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
      return style.startsWith('upper') ? s.toUpperCase() : s;
    }
    case 'lower-roman':
    case 'upper-roman': {
      if (n < 1 || n > 3999) return String(n);
      let s = '';
      let k = n;
      for (const [v, r] of ROMAN) for (; k >= v; k -= v) s += r;
      return style.startsWith('upper') ? s.toUpperCase() : s;
    }
    default:
      throw new Undecidable(`counter style ${style}`);
  }
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}
