// The browser defaults Takumi lacks, so a template written for a browser draws the same here:
// content-box sizing and a page colour under the template.
import type { Node } from '@takumi-rs/core';

/**
 * Browsers size boxes as content-box by default; Takumi uses border-box. A universal selector
 * has zero specificity and this sheet comes first, so any box-sizing the template sets wins. It
 * sits in a cascade layer declared before any of the template's: unlayered, it would beat every
 * layered rule (Tailwind's `.box-border` is in `@layer utilities`), as a browser's own default
 * never does.
 */
export const BROWSER_DEFAULT_CSS = '@layer placard-browser-defaults{*{box-sizing:content-box}}';

/**
 * Puts the document on a page painted with `background` (a CSS colour or `transparent`). The page
 * is a full-size block with no tag, class or id, so only `*` rules reach it and the template lays
 * out inside it exactly as it does at the root of the viewport.
 */
export function onPage(node: Node, background: string): Node {
  return {
    type: 'container',
    style: {
      display: 'block',
      boxSizing: 'border-box',
      width: '100%',
      height: '100%',
      margin: 0,
      padding: 0,
      border: 'none',
      backgroundColor: background,
    },
    children: [node],
  };
}
