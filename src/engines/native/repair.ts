// Browsers skip an inline declaration they cannot use; Takumi rejects the whole render for one
// (`color: #12`, `position: sticky`). This finds the declaration a Takumi error names so the
// engine can drop it and draw again, as a browser would have drawn.
import type { Node } from '@takumi-rs/core';
import { PlacardError } from '../../errors/placard-error.ts';

export interface InvalidDeclaration {
  /** The style key as Takumi names it (camelCase, e.g. `backgroundColor`). */
  property: string;
  /** The text Takumi could not parse (may be part of the value). */
  near: string;
}

/** Reads `invalid value for zIndex, line 1, column 1 near "1.5"` out of a Takumi error. */
export function invalidDeclaration(error: unknown): InvalidDeclaration | undefined {
  const text = error instanceof Error ? error.message : String(error);
  const match = /invalid value for ([\w-]+)\b[^"]*?near "((?:[^"\\]|\\.)*)"/.exec(text);
  return match ? { property: match[1] ?? '', near: match[2] ?? '' } : undefined;
}

/**
 * Deletes the first inline declaration (document order) that matches, and returns its value, or
 * undefined when no node has it (the error came from elsewhere and cannot be repaired).
 */
export function dropDeclaration(root: Node, { property, near }: InvalidDeclaration): string | undefined {
  let fallback: Record<string, unknown> | undefined;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const style = node.style as Record<string, unknown> | undefined;
    const value = style?.[property];
    if (style && value !== undefined) {
      // Prefer the node whose value contains the quoted text; else the first with the property.
      if (String(value).includes(near)) return remove(style, property);
      fallback ??= style;
    }
    if (node.type === 'container') stack.push(...[...(node.children ?? [])].reverse());
  }
  return fallback ? remove(fallback, property) : undefined;
}

function remove(style: Record<string, unknown>, property: string): string {
  const value = String(style[property]);
  delete style[property];
  return value;
}

/**
 * Drops the inline declaration a Takumi error names from the document under the page (so a second
 * render of the same document does not fail again). A bad page background is the caller's input,
 * not the template's: that is a validation error.
 */
export function repairPage(page: Node, error: unknown, background: string): boolean {
  const invalid = invalidDeclaration(error);
  if (!invalid) return false;
  const pageStyle = page.style as Record<string, unknown> | undefined;
  const onPage = invalid.property === 'backgroundColor' && pageStyle?.backgroundColor === background;
  if (onPage && background.includes(invalid.near)) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `background must be a CSS colour or "transparent"; received ${JSON.stringify(background)}.`,
      { details: { field: 'background', received: background }, cause: error },
    );
  }
  const children = page.type === 'container' ? (page.children ?? []) : [];
  return children.some((child) => dropDeclaration(child, invalid) !== undefined);
}
