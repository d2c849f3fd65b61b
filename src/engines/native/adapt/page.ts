// Rules on html and body. A fragment has no html or body in Takumi's tree, so such rules styled
// nothing; in the Chromium engine the fragment sits in a body with `html,body{height:100%}
// body{margin:0}` (chromium/shell.ts). Wrapping the fragment in the same html and body, with the
// same page rules first, gives those rules the boxes a browser applies them to: the body fills the
// card, so its background covers it as the browser's canvas does, and its colour and font inherit.
import { Element, Text, type ChildNode } from 'domhandler';
import { parse as parseSelector } from 'css-what';
import type { Computed } from './computed.ts';
import { elements } from './dom.ts';

/** Chromium's page rules for a fragment (chromium/shell.ts PAGE_CSS). */
const PAGE_CSS = 'html,body{height:100%}body{margin:0}';

export function wrapInPage(computed: Computed): boolean {
  const { document } = computed.template;
  const named = (name: string) => elements(document).some((el) => el.name.toLowerCase() === name);
  if (named('html') || named('body')) return false;
  const targetsPage = computed.rules.some(({ rule }) => {
    try {
      return parseSelector(rule.selector).some((tokens) =>
        tokens.some((t) => t.type === 'tag' && (t.name === 'html' || t.name === 'body')),
      );
    } catch {
      return false;
    }
  });
  if (!targetsPage) return false;
  const style = new Element('style', {}, [new Text(PAGE_CSS)]);
  const body = new Element('body', { 'data-placard-page': '' }, [style, ...document.children]);
  const html = new Element('html', {}, [body]);
  adopt(body, body.children);
  adopt(html, html.children);
  document.children = [html];
  html.parent = document;
  return true;
}

function adopt(parent: Element, children: ChildNode[]): void {
  children.forEach((child, i) => {
    child.parent = parent;
    child.prev = children[i - 1] ?? null;
    child.next = children[i + 1] ?? null;
  });
}
