// `social-card`: a framed card. A translucent panel with a hairline border floats on the
// gradient; the tag is a filled pill, and a footer under a rule carries the author and an arrow.
import { px } from '../elements/html.ts';
import { definePreset } from './define.ts';
import { author } from './author.ts';
import { fitText, type Card } from './card.ts';
import { canvas, description, div, tag, title } from './parts.ts';
import { ink, withAlpha } from './theme.ts';

function arrow(c: Card): string {
  const { s, values: v } = c;
  return div(
    {
      display: 'flex',
      'align-items': 'center',
      'justify-content': 'center',
      width: px(44 * s),
      height: px(44 * s),
      'flex-shrink': 0,
      'border-radius': '50%',
      border: `${px(1.5 * s)} solid ${withAlpha(v.accent, 0.5)}`,
      background: withAlpha(v.accent, 0.1),
      color: v.accent,
      'font-size': px(22 * s),
      'font-weight': 700,
      'font-family': "'Inter', sans-serif",
    },
    c.dir === 'rtl' ? '←' : '→',
  );
}

function draw(c: Card): string {
  const { s, size, values: v } = c;
  const margin = 40 * s;
  const padX = 64 * s;
  const padY = 52 * s;
  const inner = size.width - 2 * (margin + padX);
  const descWidth = Math.min(inner, 40 * v.descSize * s);
  // Panel chrome: margins, paddings, the tag row (36), the body's padding (2 x 14) and the
  // footer (26 + 44 + rule).
  const chrome = 2 * margin + 1.8 * padY + (36 + 28 + 71) * s;
  const fit = fitText(c, { width: inner, descWidth, height: size.height - chrome, gap: 20 * s });
  const centered = v.layout === 'center';
  const rule = `${px(1 * s)} solid rgba(255,255,255,0.08)`;
  const panelWidth = size.width - 2 * margin;

  const glow = div({
    position: 'absolute',
    inset: 0,
    background: `radial-gradient(circle at 100% 100%, ${withAlpha(v.accent, 0.28)} 0%, transparent 42%), radial-gradient(circle at 0% 0%, ${withAlpha(v.accent, 0.1)} 0%, transparent 35%)`,
  });
  const body = div(
    {
      display: 'flex',
      'flex-direction': 'column',
      'flex-grow': 1,
      'min-height': 0,
      'justify-content': v.layout === 'bottom' ? 'flex-end' : 'center',
      'align-items': centered ? 'center' : 'flex-start',
      'text-align': centered ? 'center' : 'start',
      padding: `${px(14 * s)} 0`,
    },
    title(c, fit, { 'max-width': px(inner) }) +
      description(c, fit, { 'margin-top': px(20 * s), 'max-width': px(descWidth) }),
  );
  const header = div(
    { display: 'flex', 'justify-content': centered ? 'center' : 'flex-start', 'min-height': px(36 * s) },
    tag(c, 'pill'),
  );
  const footer = div(
    {
      display: 'flex',
      'align-items': 'center',
      'justify-content': v.author ? 'space-between' : 'flex-end',
      'border-top': rule,
      'padding-top': px(26 * s),
    },
    author(c) + arrow(c),
  );
  const panel = div(
    {
      position: 'absolute',
      left: px(margin),
      top: px(margin),
      width: px(panelWidth),
      height: px(size.height - 2 * margin),
      'box-sizing': 'border-box',
      padding: `${px(padY)} ${px(padX)} ${px(padY * 0.8)}`,
      display: 'flex',
      'flex-direction': 'column',
      'border-radius': px(28 * s),
      border: `${px(1.5 * s)} solid rgba(255,255,255,0.09)`,
      background: v.backgroundImage ? withAlpha(c.bottom, 0.35) : 'rgba(255,255,255,0.025)',
      'box-shadow': `0 ${px(24 * s)} ${px(64 * s)} rgba(0,0,0,0.35)`,
      color: ink.title,
    },
    // The accent strip along the panel's top edge marks the card as this template's.
    div({
      position: 'absolute',
      left: px(centered ? (panelWidth - 120 * s) / 2 : c.dir === 'rtl' ? panelWidth - padX - 120 * s : padX),
      top: 0,
      width: px(120 * s),
      height: px(4 * s),
      'border-radius': `0 0 ${px(4 * s)} ${px(4 * s)}`,
      background: v.accent,
    }) +
      header +
      body +
      footer,
  );
  return canvas(c, glow, panel);
}

export const socialCardPreset = definePreset({
  name: 'social-card',
  description: 'A framed card: a translucent panel with a tag pill, title, description and an author footer.',
  draw,
});
