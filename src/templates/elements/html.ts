// Escaping and small CSS helpers shared by the element and preset compilers: every value that
// reaches the HTML goes through escapeHtml, so user text can never open a tag or an attribute.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A CSS length in px, rounded so float noise (0.30000000000000004) never reaches the CSS. */
export function px(value: number): string {
  return `${Math.round(value * 100) / 100}px`;
}

/** Joins declarations into one style attribute value, dropping the ones left undefined. */
export function styleAttr(declarations: Record<string, string | number | undefined>): string {
  const parts = Object.entries(declarations)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([property, value]) => `${property}:${value}`);
  return escapeHtml(parts.join(';'));
}

/** A font-family list naming `family` first, quoted, with Inter behind it as the bundled fallback. */
export function fontStack(family: string, fallback = 'Inter'): string {
  const quoted = (name: string) => `'${name.replace(/['\\]/g, '')}'`;
  return family === fallback
    ? `${quoted(family)}, sans-serif`
    : `${quoted(family)}, ${quoted(fallback)}, sans-serif`;
}

// Hebrew, Arabic, Syriac, Thaana, NKo and the Arabic presentation forms.
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;
const LTR = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u3040-\u30ff\u4e00-\u9fff]/;

/** `rtl` when the first strong character is right-to-left, as `dir="auto"` decides in a browser. */
export function textDirection(text: string): 'ltr' | 'rtl' {
  for (const char of text) {
    if (RTL.test(char)) return 'rtl';
    if (LTR.test(char)) return 'ltr';
  }
  return 'ltr';
}

/**
 * Line clamping with `…` that both Takumi 2.16 and Chromium honour: Takumi reads `line-clamp`
 * (and the prefixed form), Chromium needs the `-webkit-box` trio.
 */
export function lineClampCss(lines: number | undefined): Record<string, string | number | undefined> {
  if (lines === undefined) return {};
  return {
    display: '-webkit-box',
    '-webkit-box-orient': 'vertical',
    '-webkit-line-clamp': lines,
    'line-clamp': lines,
    overflow: 'hidden',
  };
}
