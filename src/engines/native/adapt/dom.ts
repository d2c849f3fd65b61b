// The template as a browser sees it before layout: a DOM (htmlparser2), its stylesheets and
// inline styles (postcss), and the cascade of one property on one element (css-select matches
// selectors; specificity from css-what's parse). Only what the rewrites need, and honest about its
// limits: a rule inside an at-rule or nested rule is "uncertain" (it may or may not apply), and a
// property an uncertain rule could set is reported unknown rather than guessed.
import { is as matches } from 'css-select';
import { parse as parseSelector, stringify as stringifySelector, type Selector } from 'css-what';
import render from 'dom-serializer';
import type { ChildNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import postcss, { type Declaration, type Root, type Rule } from 'postcss';

export interface StyleSheet {
  element: Element;
  root: Root;
}

export interface Template {
  document: Document;
  sheets: StyleSheet[];
  /** Inline style attributes, parsed, by element (written back by `serialize`). */
  inline: Map<Element, Root>;
}

export function parseTemplate(html: string): Template {
  const document = parseDocument(html, {
    decodeEntities: false,
    lowerCaseTags: false,
    lowerCaseAttributeNames: false,
    recognizeSelfClosing: true,
  });
  const sheets: StyleSheet[] = [];
  const inline = new Map<Element, Root>();
  for (const element of elements(document)) {
    if (element.name.toLowerCase() === 'style') {
      const text = element.children.map((child) => ('data' in child ? child.data : '')).join('');
      sheets.push({ element, root: postcss.parse(text) });
    }
    const style = element.attribs.style;
    if (style !== undefined) inline.set(element, postcss.parse(decodeAttribute(style)));
  }
  return { document, sheets, inline };
}

export function serialize(template: Template): string {
  for (const { element, root } of template.sheets) {
    const text = root.toString();
    const first = element.children[0];
    if (first && 'data' in first) {
      first.data = text;
      element.children.length = 1;
    }
  }
  for (const [element, root] of template.inline) {
    element.attribs.style = encodeAttribute(root.toString());
  }
  return render(template.document, { decodeEntities: false, encodeEntities: false });
}

const decodeAttribute = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
const encodeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** Every element in document order (outside <svg>, whose insides are drawn as an image). */
export function elements(root: Document | Element): Element[] {
  const found: Element[] = [];
  const walk = (nodes: ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
      const element = node as Element;
      found.push(element);
      if (element.name.toLowerCase() !== 'svg') walk(element.children);
    }
  };
  walk(root.children);
  return found;
}

export type Pseudo = 'before' | 'after' | undefined;

interface SelectorEntry {
  /** Without the pseudo-element, for matching the originating element. */
  match: string;
  pseudo: Pseudo | 'other';
  /** The pseudo-element's name (`first-letter`), when there is one. */
  pseudoName?: string;
  /** [inline, ids, classes, types]: inline is 0 for every rule. */
  specificity: number[];
}

export interface CascadeRule {
  rule: Rule;
  selectors: SelectorEntry[];
  /** Inside an at-rule or another rule: whether it applies is not known here. */
  uncertain: boolean;
  order: number;
}

export function cascadeRules(template: Template): CascadeRule[] {
  const rules: CascadeRule[] = [];
  for (const { root } of template.sheets) {
    root.walkRules((rule) => {
      const selectors = selectorEntries(rule.selector);
      if (!selectors) return;
      rules.push({ rule, selectors, uncertain: rule.parent?.type !== 'root', order: rules.length });
    });
  }
  return rules;
}

function selectorEntries(text: string): SelectorEntry[] | undefined {
  let parsed: Selector[][];
  try {
    parsed = parseSelector(text);
  } catch {
    return undefined;
  }
  return parsed.map((tokens) => {
    const last = tokens[tokens.length - 1];
    let pseudo: SelectorEntry['pseudo'];
    let kept = tokens;
    // CSS 2's one-colon forms of the four CSS 2 pseudo-elements are pseudo-elements too.
    const legacy = last?.type === 'pseudo' && /^(?:before|after|first-letter|first-line)$/.test(last.name);
    let pseudoName: string | undefined;
    if (last?.type === 'pseudo-element' || legacy) {
      pseudo = last.name === 'before' || last.name === 'after' ? last.name : 'other';
      pseudoName = last.name;
      kept = tokens.slice(0, -1);
    }
    return {
      match: stringifySelector([kept]) || '*',
      pseudo,
      ...(pseudoName && { pseudoName }),
      specificity: [0, ...specificity(tokens)],
    };
  });
}

function specificity(tokens: Selector[]): [number, number, number] {
  const s: [number, number, number] = [0, 0, 0];
  for (const token of tokens) {
    if (token.type === 'attribute' && token.name === 'id' && token.action === 'equals') s[0] += 1;
    else if (token.type === 'attribute') s[1] += 1;
    else if (token.type === 'tag' || token.type === 'pseudo-element') s[2] += 1;
    else if (token.type === 'pseudo') {
      if (token.name === 'before' || token.name === 'after') s[2] += 1;
      else if (Array.isArray(token.data)) {
        if (token.name === 'where') continue;
        const inner = token.data.map(specificity).sort(compare).pop() ?? [0, 0, 0];
        s[0] += inner[0];
        s[1] += inner[1];
        s[2] += inner[2];
        if (token.name === 'nth-child' || token.name === 'nth-last-child') s[1] += 1;
      } else s[1] += 1;
    }
  }
  return s;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export interface Cascaded {
  value: string;
  declaration: Declaration;
}

/** Matches a selector, treating one css-select cannot run (an unknown pseudo) as not known. */
function selectorMatches(element: Element, selector: string): boolean | undefined {
  try {
    return matches(element, selector);
  } catch {
    return undefined;
  }
}

/**
 * The declared value of `property` on an element (or its ::before/::after) that wins the
 * cascade, `null` when nothing declares it, or `'unknown'` when an uncertain rule might.
 */
export function cascaded(
  template: Template,
  rules: readonly CascadeRule[],
  element: Element,
  property: string,
  pseudo?: Pseudo,
): Cascaded | null | 'unknown' {
  let best:
    { important: boolean; specificity: readonly number[]; order: number; found: Cascaded } | undefined;
  const consider = (declaration: Declaration, spec: readonly number[], order: number): void => {
    const candidate = {
      important: declaration.important === true,
      specificity: spec,
      order,
      found: { value: declaration.value, declaration },
    };
    if (
      !best ||
      (candidate.important && !best.important) ||
      (candidate.important === best.important &&
        (compare(spec, best.specificity) > 0 ||
          (compare(spec, best.specificity) === 0 && order >= best.order)))
    ) {
      best = candidate;
    }
  };
  for (const rule of rules) {
    const declarations = rule.rule.nodes.filter(
      (node): node is Declaration => node.type === 'decl' && node.prop.toLowerCase() === property,
    );
    if (declarations.length === 0) continue;
    for (const entry of rule.selectors) {
      if (entry.pseudo !== pseudo) continue;
      const hit = selectorMatches(element, entry.match);
      if (hit === undefined || (hit && rule.uncertain)) return 'unknown';
      if (hit) for (const declaration of declarations) consider(declaration, entry.specificity, rule.order);
    }
  }
  const inline = pseudo ? undefined : template.inline.get(element);
  inline?.walkDecls((declaration) => {
    if (declaration.prop.toLowerCase() === property) consider(declaration, [1, 0, 0, 0], Infinity);
  });
  return best?.found ?? null;
}

/**
 * Removes each declaration of `property` in `winners` (the ones a rewrite replaced) once no
 * element it could still style is left: an element outside `settled` where it wins or may win,
 * or a pseudo-element. What remains keeps the template on auto's list for Chromium.
 */
export function dropReplaced(
  template: Template,
  rules: readonly CascadeRule[],
  property: string,
  winners: ReadonlySet<Declaration>,
  settled: ReadonlySet<Element>,
): void {
  const remaining = elements(template.document).filter((element) => !settled.has(element));
  const stillStyles = (declaration: Declaration): boolean =>
    remaining.some((element) => {
      const found = cascaded(template, rules, element, property);
      return found === 'unknown' || found?.declaration === declaration;
    });
  for (const rule of rules) {
    rule.rule.each((node) => {
      if (node.type !== 'decl' || node.prop.toLowerCase() !== property || !winners.has(node)) return;
      if (rule.selectors.some((entry) => entry.pseudo !== undefined) || stillStyles(node)) return;
      node.remove();
    });
  }
  for (const [element, inline] of template.inline) {
    if (!settled.has(element)) continue;
    inline.each((node) => {
      if (node.type === 'decl' && node.prop.toLowerCase() === property && winners.has(node)) node.remove();
    });
  }
}

/** Adds declarations to an element's inline style (after what it has: they win over it). */
export function appendInline(template: Template, element: Element, declarations: [string, string][]): void {
  let inline = template.inline.get(element);
  if (!inline) {
    inline = postcss.root();
    template.inline.set(element, inline);
  }
  for (const [prop, value] of declarations)
    inline.append({ prop, value, raws: { before: '', between: ':' } });
}

/**
 * The declarations of the one rule that styles `element`'s pseudo-element `name` (first-letter,
 * first-line): [] when none does, undefined when more than one might (their cascade is not
 * worked out here) or one is inside an at-rule.
 */
export function pseudoRule(
  rules: readonly CascadeRule[],
  element: Element,
  name: string,
): { rule: CascadeRule; declarations: Declaration[] } | null | undefined {
  let found: { rule: CascadeRule; declarations: Declaration[] } | null = null;
  for (const rule of rules) {
    const hits = rule.selectors.filter((entry) => entry.pseudoName === name);
    if (hits.length === 0) continue;
    const hit = hits.some((entry) => selectorMatches(element, entry.match));
    if (hits.some((entry) => selectorMatches(element, entry.match) === undefined)) return undefined;
    if (!hit) continue;
    if (found || rule.uncertain) return undefined;
    found = {
      rule,
      declarations: rule.rule.nodes.filter((node): node is Declaration => node.type === 'decl'),
    };
  }
  return found;
}
