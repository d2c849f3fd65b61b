// `display: contents`: the element draws no box and its children take its place in the parent's
// layout. Takumi does not implement it, so the element is taken out of the tree and its children
// put in its place, as the browser's box tree has them. That is exact only when nothing else
// changes, so an element is left as it is (and auto sends the template to Chromium) when it
// declares an inherited property its children would lose, has a ::before/::after (which it would
// still draw), or when taking it out makes any selector match differently (`.list > li`,
// :nth-child), which is checked by matching every rule before and after.
import { is as cssIs } from 'css-select';
import type { ChildNode, Element } from 'domhandler';
import type { Computed } from './computed.ts';
import { cascaded, elements } from './dom.ts';

const INHERITED = [
  'color',
  'font',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'text-align',
  'text-transform',
  'text-indent',
  'text-shadow',
  'white-space',
  'visibility',
  'direction',
  'cursor',
  'list-style',
];

export function flattenContents(computed: Computed): boolean {
  const { template, rules } = computed;
  const isContents = (element: Element): boolean => {
    const found = cascaded(template, rules, element, 'display');
    return found !== null && found !== 'unknown' && /^contents\b/i.test(found.value.trim());
  };
  const candidates = elements(template.document).filter(
    (element) => !/^(?:html|body|svg)$/i.test(element.name) && isContents(element),
  );
  if (candidates.length === 0) return false;
  const before = signatures(computed);
  const flattened: Element[] = [];
  for (const element of candidates) {
    const keepsSomething =
      INHERITED.some((property) => cascaded(template, rules, element, property) !== null) ||
      (['before', 'after'] as const).some((pseudo) => {
        const content = cascaded(template, rules, element, 'content', pseudo);
        return (
          content !== null && (content === 'unknown' || !/^(?:none|normal)$/i.test(content.value.trim()))
        );
      });
    if (keepsSomething || !element.parent) continue;
    const undo = unwrap(element);
    const after = signatures(computed);
    const same = [...after].every(([el, signature]) => before.get(el) === signature);
    if (same) flattened.push(element);
    else undo();
  }
  // A display: contents declaration that styled only flattened elements has nothing left to do.
  const remaining = elements(template.document);
  for (const rule of rules) {
    rule.rule.each((node) => {
      if (
        node.type !== 'decl' ||
        node.prop.toLowerCase() !== 'display' ||
        !/^contents\b/i.test(node.value.trim())
      )
        return;
      const stillMatches = remaining.some((element) =>
        rule.selectors.some((entry) => entry.pseudo === undefined && safeIs(element, entry.match)),
      );
      if (!stillMatches) node.remove();
    });
  }
  return flattened.length > 0;
}

/** Which rule selectors match each element: a change anywhere means the tree change is visible. */
export function signatures(
  computed: Computed,
  within = elements(computed.template.document),
): Map<Element, string> {
  const map = new Map<Element, string>();
  for (const element of within) {
    const hits: string[] = [];
    for (const rule of computed.rules) {
      rule.selectors.forEach((entry, i) => {
        if (safeIs(element, entry.match)) hits.push(`${rule.order}:${i}`);
      });
    }
    map.set(element, hits.join(','));
  }
  return map;
}

function safeIs(element: Element, selector: string): boolean {
  try {
    return cssIs(element, selector);
  } catch {
    return false;
  }
}

/** Replaces an element by its children; returns how to put it back. */
function unwrap(element: Element): () => void {
  const parent = element.parent!;
  const index = parent.children.indexOf(element);
  const children = [...element.children];
  parent.children.splice(index, 1, ...children);
  relink(parent.children, parent);
  return () => {
    parent.children.splice(index, children.length, element);
    element.children = children;
    relink(parent.children, parent);
    relink(children, element);
  };
}

function relink(children: ChildNode[], parent: ChildNode['parent']): void {
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
}
