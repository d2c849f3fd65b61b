// The fit report: for every element a template marks with `data-fit`, the lines the engine drew,
// the lines it may draw, and whether any text was cut. Read from the engine's own layout
// (Engine.measure), never estimated, so it always agrees with the pixels.
import type { MeasuredLayout, MeasuredText } from '../engines/types.ts';
import { countedLength, groupLines, lineSpacing } from './lines.ts';

export interface FitEntry {
  /** The `data-fit` name. */
  name: string;
  /** Lines drawn (lines holding text; an empty line between two is not counted). */
  lines: number;
  /** The element's line clamp, or null when it has none. */
  maxLines: number | null;
  /** Lines its box can hold when its height is fixed, else null. */
  available: number | null;
  /** Some text was not drawn (cut by a clamp or an ellipsis) or lies outside the box. */
  overflow: boolean;
}

export interface FitReport {
  /** No marked element overflows. */
  fits: boolean;
  elements: FitEntry[];
  /** Marked elements the engine could not place, so nothing is known about them. */
  unplaced: string[];
}

/**
 * Takumi puts the first line's glyphs on a rounded baseline, so a line's edge found from its
 * glyph centre can be up to about 0.7 px off; less than a pixel over the box is not overflow.
 */
const TOLERANCE = 1;

export function fitReport(layout: MeasuredLayout): FitReport {
  const elements = layout.texts.map(fitEntry);
  return { fits: elements.every((entry) => !entry.overflow), elements, unplaced: [...layout.unplaced] };
}

/**
 * Overflow is decided in two ways, both from the one layout. Cut: a clamp or `text-overflow`
 * drops text from the runs, so the runs hold fewer characters than the element's text (exact,
 * and free: no second layout without the clamp). Outside the box: the first or last line's
 * box (centre ± half the line spacing) crosses the content box's top or bottom.
 */
export function fitEntry(text: MeasuredText): FitEntry {
  const spacing = lineSpacing(text.runs) ?? text.lineHeight;
  const lines = groupLines(text.runs, spacing);
  const drawn = text.runs.reduce((sum, run) => sum + countedLength(run.text), 0);
  const cut = drawn < countedLength(text.text);
  const [first, last] = [lines[0], lines.at(-1)];
  const top = first ? (spacing ? first.centre - spacing / 2 : Math.min(...first.runs.map((r) => r.y))) : 0;
  const bottom = last ? (spacing ? last.centre + spacing / 2 : last.bottom) : 0;
  const outside =
    lines.length > 0 && (top < text.box.y - TOLERANCE || bottom > text.box.y + text.box.height + TOLERANCE);
  const available = text.fixedHeight && spacing ? Math.floor((text.box.height + TOLERANCE) / spacing) : null;
  return {
    name: text.name,
    lines: lines.length,
    maxLines: text.lineClamp,
    available,
    overflow: cut || outside,
  };
}

/** The entries for one name (a template may mark several elements alike). */
export function entriesNamed(report: FitReport, name: string): FitEntry[] {
  return report.elements.filter((entry) => entry.name === name);
}
