// Auto-fit: the largest font sizes, within a range per marked element, at which nothing
// overflows, found by binary search over the engine's own layout rather than by stepping down a
// pixel at a time. Each probe builds, prepares and measures the whole document (about 2 ms for
// a card: measure() itself is under 1 ms).
import type { MeasuredLayout, RenderDocument } from '../engines/types.ts';
import { fitReport, type FitReport } from './report.ts';

export interface SizeRange {
  /** The `data-fit` name whose size this is. */
  name: string;
  /** Sizes in whatever unit the document factory takes (a preset's sizes are at 1200 px). */
  min: number;
  max: number;
}

export interface AutoFitOptions {
  /** Searched in this order: each with the ones before it settled and the ones after at max. */
  ranges: readonly SizeRange[];
  /** The smallest size difference searched: 1 (default) or 0.5. */
  step?: number;
  /** Lays out a document: `engine.measure(engine.prepare(document), options)`. */
  measure(document: RenderDocument): Promise<MeasuredLayout>;
}

export interface AutoFitResult {
  sizes: Record<string, number>;
  /** The document at those sizes, to prepare and render. */
  document: RenderDocument;
  /** Whether everything fits at those sizes (false when even the minimums overflow). */
  fits: boolean;
  /** The fit report at those sizes. */
  report: FitReport;
  /** Layouts measured, all searches together. */
  measurements: number;
}

/**
 * Sequential binary search, in the order of `ranges` (title, then description). For each: try
 * its max (often everything fits at once); if that overflows, binary-search the sizes min,
 * min+step, ... below it, assuming a larger size never means fewer lines. A size passes when the
 * element does not overflow and no element settled before it that fits starts to; later ones
 * are held at their max and judged in their own turn. An element the layout does not contain
 * (no text, or not placed) keeps its max; one that overflows even at its minimum gets the
 * minimum (its clamp then cuts it with "…"). Layouts are cached by sizes: at most
 * 1 + ceil(log2(range / step)) per range, plus one for the final report when the search did not
 * end on the final sizes.
 */
export async function autoFit(
  build: (sizes: Record<string, number>) => RenderDocument,
  options: AutoFitOptions,
): Promise<AutoFitResult> {
  const step = options.step ?? 1;
  const sizes: Record<string, number> = {};
  for (const range of options.ranges) sizes[range.name] = range.max;

  const reports = new Map<string, FitReport>();
  const layout = async (candidate: Record<string, number>): Promise<FitReport> => {
    const key = JSON.stringify(candidate);
    let report = reports.get(key);
    if (!report) {
      report = fitReport(await options.measure(build(candidate)));
      reports.set(key, report);
    }
    return report;
  };

  // Elements already searched that fit at their size: a later one may not push them over.
  const keptFitting = new Set<string>();
  for (const range of options.ranges) {
    const fitsAt = async (size: number): Promise<boolean> => {
      const report = await layout({ ...sizes, [range.name]: size });
      const judged = (name: string) => name === range.name || keptFitting.has(name);
      return report.elements.every((entry) => !judged(entry.name) || !entry.overflow);
    };
    const present = (await layout(sizes)).elements.some((entry) => entry.name === range.name);
    if (!present) continue;
    if (await fitsAt(range.max)) {
      keptFitting.add(range.name);
      continue;
    }
    // Sizes min + k*step for k in [0, top); the size at `top` (the max) is known to overflow.
    const top = Math.max(0, Math.ceil((range.max - range.min) / step - 1e-9));
    let [low, high, lowFits] = [0, top - 1, false];
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (await fitsAt(range.min + mid * step)) [low, lowFits] = [mid, true];
      else high = mid - 1;
    }
    sizes[range.name] = Math.min(range.max, range.min + low * step);
    // At the minimum without a probe it may still overflow; then it constrains nothing later.
    if (lowFits) keptFitting.add(range.name);
  }
  const report = await layout(sizes);
  return { sizes, document: build(sizes), fits: report.fits, report, measurements: reports.size };
}
