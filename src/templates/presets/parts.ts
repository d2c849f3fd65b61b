// The blocks every preset is built from: the canvas with its gradient, photo and overlay, and
// the tag, title and description. Every user value is escaped here; templates only arrange.
import { escapeHtml, lineClampCss, px, styleAttr } from '../elements/html.ts';
import { DESC_LEADING, TITLE_LEADING, type Card, type Css, type TextFit } from './card.ts';
import { ink, textOn, withAlpha } from './theme.ts';

export const div = (css: Css, inner = '', attrs = '') =>
  `<div${attrs} style="${styleAttr(css)}">${inner}</div>`;

/** The page: gradient, optional cover-fit photo under the darkening overlay, then decorations. */
export function canvas(c: Card, decorations: string, content: string): string {
  const { width, height } = c.size;
  const v = c.values;
  const photo = v.backgroundImage
    ? `<img class="background" src="${escapeHtml(v.backgroundImage)}" alt="" style="${styleAttr({
        position: 'absolute',
        left: 0,
        top: 0,
        width: px(width),
        height: px(height),
        'object-fit': 'cover',
      })}">` +
      div({
        position: 'absolute',
        inset: 0,
        background: `linear-gradient(180deg, ${withAlpha(c.top, v.overlayOpacity)}, ${withAlpha(c.bottom, v.overlayOpacity)})`,
      })
    : '';
  const root: Css = {
    position: 'relative',
    width: px(width),
    height: px(height),
    overflow: 'hidden',
    margin: 0,
    background: `linear-gradient(180deg, ${c.top} 0%, ${c.bottom} 100%)`,
    'font-family': v.fontStack,
    color: ink.title,
  };
  return div(root, photo + decorations + content, ` class="preset" dir="${c.dir}"`);
}

/** The tag: a small-caps label after a short accent rule, or a filled pill. */
/** The text column: padded, a flex column aligned by the layout (left, center, or pinned to the bottom). */
export function columnCss(layout: string, centered: boolean, padY: number, padX: number): Css {
  return {
    padding: `${px(padY)} ${px(padX)}`,
    'box-sizing': 'border-box',
    display: 'flex',
    'flex-direction': 'column',
    'justify-content': layout === 'bottom' ? 'flex-end' : 'center',
    'align-items': centered ? 'center' : 'flex-start',
    'text-align': centered ? 'center' : 'start',
  };
}

export function tag(c: Card, variant: 'label' | 'pill' | 'outline', css: Css = {}): string {
  const { values: v, s } = c;
  if (!v.tag) return '';
  const label: Css = {
    'font-size': px(17 * s),
    'font-weight': 700,
    // Spacing letters apart would break the joins of Arabic script.
    'letter-spacing': c.dir === 'rtl' ? 0 : '0.14em',
    'text-transform': 'uppercase',
    'line-height': 1.2,
  };
  const text = escapeHtml(v.tag);
  if (variant === 'label') {
    const rule = div({
      width: px(32 * s),
      height: px(3 * s),
      background: v.accent,
      'border-radius': px(2 * s),
    });
    const row: Css = {
      display: 'flex',
      'align-items': 'center',
      gap: px(14 * s),
      color: v.accent,
      ...label,
      ...css,
    };
    return div(row, `${rule}<span>${text}</span>`, ' class="tag"');
  }
  const pill: Css = {
    ...label,
    'font-size': px(15 * s),
    'letter-spacing': c.dir === 'rtl' ? 0 : '0.1em',
    padding: `${px(9 * s)} ${px(18 * s)}`,
    'border-radius': px(999 * s),
    background: variant === 'pill' ? v.accent : withAlpha(v.accent, 0.08),
    color: variant === 'pill' ? textOn(v.accent) : v.accent,
    border: variant === 'outline' ? `${px(1.5 * s)} solid ${withAlpha(v.accent, 0.55)}` : undefined,
    ...css,
  };
  return div(pill, text, ' class="tag"');
}

/** The title: heavy, tight, clamped with "…" at fit.titleLines; `.title` / data-fit for the fit report. */
export function title(c: Card, fit: TextFit, css: Css = {}): string {
  const v = c.values;
  if (!v.title) return '';
  const style: Css = {
    margin: 0,
    'font-size': px(fit.titleSize),
    'font-weight': 800,
    'line-height': TITLE_LEADING,
    'letter-spacing': v.font === 'JetBrains Mono' ? '-0.01em' : '-0.02em',
    color: ink.title,
    'text-wrap': 'balance',
    'overflow-wrap': 'break-word',
    'flex-shrink': 0,
    ...css,
    ...lineClampCss(fit.titleLines),
  };
  return div(style, escapeHtml(v.title), ' class="title" data-fit="title"');
}

/** The description: regular weight, 1.5 line height, muted slate; `.description` / data-fit. */
export function description(c: Card, fit: TextFit, css: Css = {}): string {
  const v = c.values;
  if (!v.description || fit.descLines === 0) return '';
  const style: Css = {
    margin: 0,
    'font-size': px(fit.descSize),
    'font-weight': 400,
    'line-height': DESC_LEADING,
    color: v.backgroundImage ? ink.bodyOnImage : ink.body,
    // A one-word last line looks like a mistake: centred text is balanced, the rest kept "pretty".
    'text-wrap': v.layout === 'center' ? 'balance' : 'pretty',
    'overflow-wrap': 'break-word',
    'flex-shrink': 0,
    ...css,
    ...lineClampCss(fit.descLines),
  };
  return div(style, escapeHtml(v.description), ' class="description" data-fit="description"');
}
