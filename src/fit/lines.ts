// Lines from laid-out runs. An engine reports runs (one per line fragment, font or direction
// change), not lines: runs on one line share a vertical centre within half a line height, and
// the line spacing itself is read from runs of one glyph height on different lines.
import type { MeasuredRun } from '../engines/types.ts';

export interface TextLine {
  /** Vertical centre of the line's first run, page coordinates. */
  centre: number;
  /** Lowest glyph bottom on the line. */
  bottom: number;
  runs: MeasuredRun[];
}

const centreOf = (run: MeasuredRun) => run.y + run.height / 2;

/**
 * The distance between consecutive lines: the smallest vertical step between runs of the same
 * glyph height (same font and size), which a line box repeats exactly. Null with fewer than two
 * such lines: a single line says nothing about its spacing.
 */
export function lineSpacing(runs: readonly MeasuredRun[]): number | null {
  const tops = new Map<number, number[]>();
  for (const run of runs) {
    const key = Math.round(run.height * 100);
    tops.set(key, [...(tops.get(key) ?? []), run.y]);
  }
  let spacing: number | null = null;
  for (const [key, ys] of tops) {
    const sorted = ys.sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1) {
      const step = (sorted[i] as number) - (sorted[i - 1] as number);
      // Same-size runs on one line sit at one height; a quarter glyph apart means another line.
      if (step > key / 400 && (spacing === null || step < spacing)) spacing = step;
    }
  }
  return spacing;
}

/**
 * Groups runs into lines, top to bottom. Two runs share a line when their centres are less than
 * half a line apart (`spacing`, else half the smaller glyph height): runs in another font or size
 * on the same line sit a little higher or lower, the next line a whole line lower.
 */
export function groupLines(runs: readonly MeasuredRun[], spacing: number | null): TextLine[] {
  const lines: TextLine[] = [];
  for (const run of [...runs].sort((a, b) => centreOf(a) - centreOf(b))) {
    const line = lines.at(-1);
    const first = line?.runs[0];
    const reach = spacing !== null ? spacing / 2 : Math.min(run.height, first?.height ?? 0) / 2;
    if (line && first && centreOf(run) - line.centre < reach) {
      line.runs.push(run);
      line.bottom = Math.max(line.bottom, run.y + run.height);
    } else {
      lines.push({ centre: centreOf(run), bottom: run.y + run.height, runs: [run] });
    }
  }
  return lines;
}

/** Characters that count: no whitespace or invisibles, case-folded (text-transform may apply). */
export function countedLength(text: string): number {
  return [...text.replace(/[\s\u00ad\u200b-\u200d\u2060\ufeff]/g, '').toUpperCase()].length;
}
