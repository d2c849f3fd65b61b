// `email-banner`: a compact promotional banner. An accent strip across the top, concentric
// accent rings bleeding off the edge, and the text kept clear of them.
import { px } from '../elements/html.ts';
import { definePreset } from './define.ts';
import { author } from './author.ts';
import { fitText, type Card } from './card.ts';
import { canvas, columnCss, description, div, tag, title } from './parts.ts';
import { withAlpha } from './theme.ts';

/** Rings centred beside the text on landscape sizes, under it on square and portrait ones. */
function rings(c: Card): string {
  const { s, size, values: v } = c;
  const landscape = size.width > size.height * 1.2;
  const mirrored = c.dir === 'rtl';
  const cx = landscape ? (mirrored ? 0.06 : 0.94) * size.width : (mirrored ? 0.15 : 0.85) * size.width;
  const cy = landscape ? size.height / 2 : size.height * 0.92;
  return [120, 210, 300, 390]
    .map((r, i) =>
      div({
        position: 'absolute',
        left: px(cx - r * s),
        top: px(cy - r * s),
        width: px(2 * r * s),
        height: px(2 * r * s),
        'box-sizing': 'border-box',
        'border-radius': '50%',
        border: `${px(2 * s)} solid ${withAlpha(v.accent, 0.34 - i * 0.07)}`,
        background:
          i === 0
            ? `radial-gradient(circle, ${withAlpha(v.accent, 0.35)}, ${withAlpha(v.accent, 0.05)})`
            : undefined,
      }),
    )
    .join('');
}

function draw(c: Card): string {
  const { s, size, values: v } = c;
  const landscape = size.width > size.height * 1.2;
  const padX = 80 * s;
  const strip = 8 * s;
  const padY = 64 * s;
  const centered = v.layout === 'center';
  // On landscape sizes the text keeps to the side away from the rings.
  const inner = (size.width - 2 * padX) * (landscape && !centered ? 0.7 : 1);
  const descWidth = Math.min(inner, 40 * v.descSize * s);
  const furniture = (v.tag ? 58 * s : 0) + (v.author ? 80 * s : 0);
  const fit = fitText(c, {
    width: inner,
    descWidth,
    height: size.height - strip - 2 * padY - furniture,
    gap: 20 * s,
  });

  const decorations =
    rings(c) +
    div({
      position: 'absolute',
      left: 0,
      top: 0,
      width: px(size.width),
      height: px(strip),
      background: `linear-gradient(90deg, ${v.accent}, ${withAlpha(v.accent, 0.35)})`,
    });
  const column = div(
    {
      position: 'absolute',
      left: 0,
      top: px(strip),
      width: px(size.width),
      height: px(size.height - strip),
      ...columnCss(v.layout, centered, padY, padX),
    },
    tag(c, 'pill', { 'margin-bottom': px(24 * s) }) +
      title(c, fit, { 'max-width': px(inner) }) +
      description(c, fit, { 'margin-top': px(20 * s), 'max-width': px(descWidth) }) +
      author(c, { 'margin-top': px(36 * s), 'font-size': px(18 * s) }),
  );
  return canvas(c, decorations, column);
}

export const emailBannerPreset = definePreset({
  name: 'email-banner',
  description:
    'A promotional banner: accent strip, concentric accent rings and a tag pill beside the message.',
  draw,
});
