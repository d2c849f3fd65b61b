// `default`: the plain card. Tag, title, description and author in one column on the dark
// gradient, an accent glow in the corner and an accent rule along the bottom edge.
import { definePreset } from './define.ts';
import { author } from './author.ts';
import { fitText, type Card } from './card.ts';
import { canvas, columnCss, description, div, tag, title } from './parts.ts';
import { withAlpha } from './theme.ts';
import { px } from '../elements/html.ts';

function draw(c: Card): string {
  const { s, size, values: v } = c;
  const padX = 80 * s;
  const padY = 72 * s;
  const inner = size.width - 2 * padX;
  const descWidth = Math.min(inner, 40 * v.descSize * s);
  // Tag (17 px text + 28 px gap) and author (44 px disc + 44 px gap) take their share first.
  const furniture = (v.tag ? 48 * s : 0) + (v.author ? 88 * s : 0);
  const fit = fitText(c, {
    width: inner,
    descWidth,
    height: size.height - 2 * padY - furniture,
    gap: 24 * s,
  });
  const centered = v.layout === 'center';

  // A dot grid that fades out away from the top-right corner (not over a photo: the fade would
  // hide it), under an accent glow.
  const texture =
    div({
      position: 'absolute',
      inset: 0,
      'background-image': `radial-gradient(circle, rgba(255,255,255,0.16) ${px(1.4 * s)}, transparent ${px(1.9 * s)})`,
      'background-size': `${px(28 * s)} ${px(28 * s)}`,
    }) +
    div({
      position: 'absolute',
      inset: 0,
      background: `radial-gradient(circle at 100% 0%, ${withAlpha(c.bottom, 0)} 0%, ${withAlpha(c.bottom, 0.7)} 35%, ${c.bottom} 60%)`,
    });
  const decorations =
    (v.backgroundImage ? '' : texture) +
    div({
      position: 'absolute',
      inset: 0,
      background: `radial-gradient(circle at 90% 5%, ${withAlpha(v.accent, 0.22)} 0%, transparent 45%), radial-gradient(circle at 0% 100%, ${withAlpha(v.accent, 0.08)} 0%, transparent 40%)`,
    }) +
    div({
      position: 'absolute',
      left: 0,
      bottom: 0,
      width: px(size.width),
      height: px(6 * s),
      background: `linear-gradient(90deg, ${v.accent} 0%, ${withAlpha(v.accent, 0)} 70%)`,
    });

  const column = div(
    {
      position: 'absolute',
      inset: 0,
      ...columnCss(v.layout, centered, padY, padX),
    },
    tag(c, 'label', { 'margin-bottom': px(28 * s) }) +
      title(c, fit, { 'max-width': px(inner) }) +
      description(c, fit, { 'margin-top': px(24 * s), 'max-width': px(descWidth) }) +
      author(c, { 'margin-top': px(44 * s) }),
  );
  return canvas(c, decorations, column);
}

export const defaultPreset = definePreset({
  name: 'default',
  description:
    'A clean card: tag, bold title, description and author on a dark gradient with an accent glow.',
  draw,
});
