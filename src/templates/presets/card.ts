// The context a preset draws with: validated values, the size, its scale and text direction,
// and the sizes and line clamps that keep the title and description inside their box.
import { textDirection } from '../elements/html.ts';
import { estimateLines, fitFontSize } from './fit.ts';
import { gradients, scaleFor } from './theme.ts';
import type { PresetSize, PresetValues } from './types.ts';

export type Css = Record<string, string | number | undefined>;

export interface Card {
  values: PresetValues;
  size: PresetSize;
  /** Scale: max(width, height) / 1200. */
  s: number;
  /** Right-to-left when the title (else the description) starts with a right-to-left script. */
  dir: 'ltr' | 'rtl';
  top: string;
  bottom: string;
}

export function card(values: PresetValues, size: PresetSize): Card {
  const [top, bottom] = gradients[values.gradient];
  return {
    values,
    size,
    s: scaleFor(size),
    dir: textDirection(values.title || values.description),
    top,
    bottom,
  };
}

export const TITLE_LEADING = 1.08;
export const DESC_LEADING = 1.5;

export interface TextBox {
  /** Width of the title's box, and of the description's when it is narrower. */
  width: number;
  descWidth?: number;
  /** Height the title, the gap and the description share. */
  height: number;
  /** Space between title and description. */
  gap: number;
}

export interface TextFit {
  titleSize: number;
  descSize: number;
  /** Line clamps: the requested maximum, lowered so the block never overflows its height. */
  titleLines: number;
  descLines: number;
}

/**
 * Font sizes (scaled, and shrunk to fit when autoFit is on) and line clamps that keep title and
 * description inside `box`. The title's line count is estimated generously, so the description
 * may lose a line it had room for, but never spills out of the card.
 */
export function fitText(c: Card, box: TextBox): TextFit {
  const { values: v, s } = c;
  const descWidth = box.descWidth ?? box.width;
  const mono = v.font === 'JetBrains Mono';
  let titleSize = v.titleSize * s;
  let descSize = v.descSize * s;
  if (v.autoFit) {
    titleSize = fitFontSize({
      text: v.title,
      size: titleSize,
      min: 28 * s,
      width: box.width,
      maxLines: v.maxTitleLines,
      mono,
    });
    descSize = fitFontSize({
      text: v.description,
      size: descSize,
      min: 14 * s,
      width: descWidth,
      maxLines: v.maxDescLines,
      mono,
    });
  }
  const titleLines = Math.max(
    1,
    Math.min(v.maxTitleLines, Math.floor(box.height / (titleSize * TITLE_LEADING))),
  );
  const titleUsed = v.title ? Math.min(titleLines, estimateLines(v.title, titleSize, box.width, mono)) : 0;
  const left = box.height - titleUsed * titleSize * TITLE_LEADING - (titleUsed > 0 ? box.gap : 0);
  const descLines = Math.max(0, Math.min(v.maxDescLines, Math.floor(left / (descSize * DESC_LEADING))));
  return { titleSize, descSize, titleLines, descLines };
}
