import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../engines/native/engine.ts';
import type { Engine, RenderDocument } from '../engines/types.ts';
import { presets } from '../templates/presets/index.ts';
import { autoFit } from './auto-fit.ts';
import { presetFitTarget } from './preset.ts';
import { fitReport, type FitEntry } from './report.ts';
import { measureDocument } from '../../test/helpers/fit.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine();
});
afterAll(() => engine.close());

const preset = presets.default!;
const size = { width: 1200, height: 630 };
const measure = (document: RenderDocument) => measureDocument(engine, document, size.width, size.height);
const longTitle =
  'Server-side text layout without a browser: how we replaced Puppeteer with exact measurement';
const longDescription =
  'Pure JS text measurement replaces Puppeteer: fast renders, zero browser dependencies, and the same lines every time. '.repeat(
    2,
  );

/** The fit report entry for `name` when the card is drawn at `sizes`. */
async function entryAt(
  build: (sizes: Record<string, number>) => RenderDocument,
  sizes: Record<string, number>,
  name: string,
): Promise<FitEntry> {
  const report = fitReport(await measure(build(sizes)));
  return report.elements.find((entry) => entry.name === name)!;
}

/** Layouts a search over `range` sizes may take: the max, then a binary search below it. */
const bound = (range: number, step = 1) => 1 + Math.ceil(Math.log2(range / step));

describe('auto-fit', () => {
  it('finds the largest title size that fits its lines: that size fits, one pixel more does not', async () => {
    const target = presetFitTarget(
      preset,
      { title: longTitle, maxTitleLines: 2, titleSize: 72, descSize: 22 },
      size,
    );
    const result = await autoFit(target.build, { ranges: target.ranges, measure });
    const title = result.sizes.title!;
    expect(title).toBeGreaterThan(28);
    expect(title).toBeLessThan(72);
    expect(Number.isInteger(title)).toBe(true);
    expect(await entryAt(target.build, result.sizes, 'title')).toMatchObject({ lines: 2, overflow: false });
    expect(await entryAt(target.build, { ...result.sizes, title: title + 1 }, 'title')).toMatchObject({
      overflow: true,
    });
    expect(result.fits).toBe(true);
    // Title: 72 then a binary search over 28..71; description: fits at its size at once (cached).
    expect(result.measurements).toBeLessThanOrEqual(bound(72 - 28) + 2);
  });

  it('searches in half pixels when asked, still in O(log range) layouts', async () => {
    const target = presetFitTarget(preset, { title: longTitle, maxTitleLines: 2, titleSize: 72 }, size);
    const result = await autoFit(target.build, { ranges: target.ranges, measure, step: 0.5 });
    const title = result.sizes.title!;
    expect(title * 2).toBe(Math.round(title * 2));
    expect(await entryAt(target.build, result.sizes, 'title')).toMatchObject({ overflow: false });
    expect(await entryAt(target.build, { ...result.sizes, title: title + 0.5 }, 'title')).toMatchObject({
      overflow: true,
    });
    expect(result.measurements).toBeLessThanOrEqual(bound(72 - 28, 0.5) + 2);
  });

  it('fits the description after the title, each at its own largest size', async () => {
    // The default card's description is at most 40em wide, so until that cap meets the card's
    // width (26 px) its lines do not depend on its size; above it they grow.
    const vars = { title: longTitle, description: longDescription, maxTitleLines: 2, maxDescLines: 3 };
    const target = presetFitTarget(preset, vars, size, 'range');
    const result = await autoFit(target.build, { ranges: target.ranges, measure });
    const { title, description } = result.sizes as { title: number; description: number };
    expect(description).toBeGreaterThanOrEqual(26);
    expect(description).toBeLessThan(32);
    expect(result.report.fits).toBe(true);
    expect(await entryAt(target.build, { title, description: description + 1 }, 'description')).toMatchObject(
      {
        overflow: true,
      },
    );
    expect(result.measurements).toBeLessThanOrEqual(bound(72 - 28) + bound(32 - 14) + 1);
  });

  it('takes one layout when everything already fits at the requested sizes', async () => {
    const target = presetFitTarget(preset, { title: 'Short title', description: 'Short.' }, size);
    const result = await autoFit(target.build, { ranges: target.ranges, measure });
    expect(result).toMatchObject({ sizes: { title: 48, description: 22 }, fits: true, measurements: 1 });
  });

  it('settles on the minimum when even that overflows, and still fits the description', async () => {
    const vars = {
      title: 'An endless title '.repeat(11),
      description: longDescription,
      maxTitleLines: 1,
      maxDescLines: 3,
    };
    const target = presetFitTarget(preset, vars, size, 'range');
    const result = await autoFit(target.build, { ranges: target.ranges, measure });
    expect(result.sizes.title).toBe(28);
    expect(result.fits).toBe(false);
    const description = result.report.elements.find((entry) => entry.name === 'description');
    expect(description).toMatchObject({ overflow: false });
    expect(result.sizes.description).toBeGreaterThan(14);
  });
});
