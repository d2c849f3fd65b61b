// Reads what a fit report needs from a Takumi node's own style: its display, line clamp, fixed
// height, padding + border widths and line height. Takumi does not expose computed styles, so
// this sees the style attribute (and the tag defaults fromHtml adds), not stylesheet rules; a
// value it cannot resolve (em padding, a class-set line height) counts as unknown or zero.
import type { Node } from '@takumi-rs/core';

type Style = Record<string, unknown>;

const own = (node: Node): Style => (node.style ?? {}) as Style;

/** The display the node's style or its tag's default sets ('inline' when neither does). */
export function displayOf(node: Node): string {
  const value = own(node).display ?? (node.preset as Style | undefined)?.display;
  return typeof value === 'string' ? value.trim().toLowerCase() : 'inline';
}

/** `12px`, `12`, `0` → 12 / 0; anything else (em, %, calc) → undefined. */
export function pxValue(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const match = typeof value === 'string' ? /^(-?\d*\.?\d+)(px)?$/i.exec(value.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

export function lineClampOf(node: Node): number | null {
  const style = own(node);
  const value = style.WebkitLineClamp ?? style.lineClamp ?? style.webkitLineClamp;
  const lines = Number.parseInt(String(value ?? ''), 10);
  return Number.isInteger(lines) && lines > 0 ? lines : null;
}

export function hasFixedHeight(node: Node): boolean {
  const style = own(node);
  return [style.height, style.maxHeight].some(
    (value) =>
      value !== undefined && !/^(auto|none|fit-content|max-content|min-content)$/i.test(String(value)),
  );
}

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const SIDES = ['top', 'right', 'bottom', 'left'] as const;
const BORDER_KEYWORDS: Record<string, number> = { thin: 1, medium: 3, thick: 5 };

/** Expands 1–4 CSS values to top, right, bottom, left. */
function fourSides(value: unknown): (string | undefined)[] {
  const parts = String(value).trim().split(/\s+/);
  const [top, right = top, bottom = top, left = right] = parts;
  return [top, right, bottom, left];
}

/** The width a border shorthand (`1px solid red`) sets: 0 for none/hidden, medium when unsaid. */
function borderWidth(value: unknown): number {
  const tokens = String(value).trim().toLowerCase().split(/\s+/);
  if (tokens.some((token) => token === 'none' || token === 'hidden')) return 0;
  for (const token of tokens) {
    const px = BORDER_KEYWORDS[token] ?? pxValue(token);
    if (px !== undefined) return px;
  }
  return BORDER_KEYWORDS.medium ?? 3;
}

/** Padding plus border widths from the style attribute, declarations applied in order. */
export function insetsOf(node: Node): Insets {
  const padding: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  const border: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
  for (const [key, value] of Object.entries(own(node))) {
    if (key === 'padding') {
      fourSides(value).forEach((side, i) => (padding[SIDES[i] ?? 'top'] = pxValue(side) ?? 0));
    } else if (key === 'borderWidth') {
      fourSides(value).forEach((side, i) => (border[SIDES[i] ?? 'top'] = borderWidth(side)));
    } else if (key === 'border') {
      for (const side of SIDES) border[side] = borderWidth(value);
    } else {
      const match = /^(padding|border)(Top|Right|Bottom|Left)(Width)?$/.exec(key);
      const side = match?.[2]?.toLowerCase() as keyof Insets | undefined;
      if (!match || !side) continue;
      if (match[1] === 'padding') padding[side] = pxValue(value) ?? 0;
      else border[side] = borderWidth(value);
    }
  }
  return {
    top: padding.top + border.top,
    right: padding.right + border.right,
    bottom: padding.bottom + border.bottom,
    left: padding.left + border.left,
  };
}

/**
 * The line height in px of the last node of `path` (root first), following inheritance through
 * style attributes: a unitless line height multiplies the nearest px font size. Null when a
 * value on the way is not px or unitless (the fit report then takes it from the line spacing).
 */
export function lineHeightOf(path: readonly Node[]): number | null {
  let lineHeight: unknown;
  let fontSize: unknown;
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const node = path[i] as Node;
    lineHeight ??= own(node).lineHeight;
    // A tag default (`h1`: 2em) counts too: it stops the search with a size this cannot resolve.
    fontSize ??= own(node).fontSize ?? (node.preset as Style | undefined)?.fontSize;
  }
  const size = pxValue(fontSize);
  if (typeof lineHeight === 'number') return size === undefined ? null : lineHeight * size;
  const text = typeof lineHeight === 'string' ? lineHeight.trim() : '';
  if (/^\d*\.?\d+px$/i.test(text)) return Number.parseFloat(text);
  if (/^\d*\.?\d+$/.test(text) && size !== undefined) return Number(text) * size;
  return null;
}
