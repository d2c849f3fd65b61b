// `blog-hero`: an editorial header made for a cover photo. Full-bleed image (or a faint
// blueprint grid without one) under a scrim, and the text set against an accent bar.
import { px } from '../elements/html.ts';
import { definePreset } from './define.ts';
import { author } from './author.ts';
import { fitText, type Card } from './card.ts';
import { canvas, columnCss, description, div, tag, title } from './parts.ts';
import { withAlpha } from './theme.ts';

function backdrop(c: Card): string {
  const { s, values: v } = c;
  const glow = div({
    position: 'absolute',
    inset: 0,
    background: `radial-gradient(circle at ${v.layout === 'center' ? '50% 110%' : '0% 100%'}, ${withAlpha(v.accent, 0.24)} 0%, transparent 50%)`,
  });
  if (v.backgroundImage) {
    // The overlay darkens evenly; the scrim adds contrast where the text sits.
    const scrim = div({
      position: 'absolute',
      inset: 0,
      background: `linear-gradient(${v.layout === 'center' ? '0deg' : '90deg'}, ${withAlpha(c.bottom, 0.7)} 0%, ${withAlpha(c.bottom, 0)} 75%)`,
    });
    return scrim + glow;
  }
  const line = 'rgba(255,255,255,0.045)';
  const grid = div({
    position: 'absolute',
    inset: 0,
    'background-image': `linear-gradient(${line} ${px(1 * s)}, transparent ${px(1 * s)}), linear-gradient(90deg, ${line} ${px(1 * s)}, transparent ${px(1 * s)})`,
    'background-size': `${px(56 * s)} ${px(56 * s)}`,
  });
  const fade = div({
    position: 'absolute',
    inset: 0,
    background: `radial-gradient(circle at 75% 30%, ${withAlpha(c.bottom, 0)} 0%, ${withAlpha(c.bottom, 0.6)} 45%, ${c.bottom} 80%)`,
  });
  return grid + fade + glow;
}

/** "By <author>" under a hairline that runs out in the accent colour. */
function byline(c: Card, width: number): string {
  const { s, values: v } = c;
  if (!v.author) return '';
  const centered = v.layout === 'center';
  const fade = centered
    ? `linear-gradient(90deg, rgba(255,255,255,0), ${withAlpha(v.accent, 0.7)}, rgba(255,255,255,0))`
    : `linear-gradient(${c.dir === 'rtl' ? '270deg' : '90deg'}, ${withAlpha(v.accent, 0.7)}, rgba(255,255,255,0.12) 30%, rgba(255,255,255,0))`;
  const rule = div({ width: px(width), height: px(1 * s), background: fade, 'margin-bottom': px(24 * s) });
  const column = {
    display: 'flex',
    'flex-direction': 'column',
    'align-items': centered ? 'center' : 'flex-start',
  };
  return div({ ...column, 'margin-top': px(40 * s) }, rule + author(c));
}

function draw(c: Card): string {
  const { s, size, values: v } = c;
  const padX = 88 * s;
  const padY = 80 * s;
  const centered = v.layout === 'center';
  const bar = centered ? 0 : 36 * s; // the accent bar and its gap
  const inner = size.width - 2 * padX - bar;
  const descWidth = Math.min(inner, 38 * v.descSize * s);
  const furniture = (v.tag ? 50 * s : 0) + (v.author ? 109 * s : 0);
  const fit = fitText(c, {
    width: inner,
    descWidth,
    height: size.height - 2 * padY - furniture,
    gap: 22 * s,
  });

  const side = c.dir === 'rtl' ? 'right' : 'left';
  const text = div(
    {
      display: 'flex',
      'flex-direction': 'column',
      'align-items': centered ? 'center' : 'flex-start',
      [`border-${side}`]: centered ? undefined : `${px(5 * s)} solid ${v.accent}`,
      [`padding-${side}`]: centered ? undefined : px(31 * s),
    },
    title(c, fit, { 'max-width': px(inner) }) +
      description(c, fit, { 'margin-top': px(22 * s), 'max-width': px(descWidth) }),
  );
  const column = div(
    {
      position: 'absolute',
      inset: 0,
      ...columnCss(v.layout, centered, padY, padX),
    },
    tag(c, 'outline', { 'margin-bottom': px(30 * s) }) +
      text +
      byline(c, Math.min(size.width - 2 * padX, 560 * s)),
  );
  return canvas(c, backdrop(c), column);
}

export const blogHeroPreset = definePreset({
  name: 'blog-hero',
  description:
    'An editorial header for a cover photo: full-bleed image under a scrim, text set against an accent bar.',
  draw,
});
