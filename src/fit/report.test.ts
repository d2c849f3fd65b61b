// Fit reports checked against the pixels: the same prepared document is measured and drawn, and
// the lines and cuts the report names are looked for in the image.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pixels } from '../../test/helpers/engine.ts';
import { createNativeEngine } from '../engines/native/engine.ts';
import type { Engine, LayoutBox } from '../engines/types.ts';
import { compileElements } from '../templates/elements/compile.ts';
import { presets } from '../templates/presets/index.ts';
import { fitReport, type FitEntry } from './report.ts';
import { bands, boxOf, drawAndMeasure, inkRows, titleInk } from '../../test/helpers/fit.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine();
});
afterAll(() => engine.close());

const long = 'Server-side text layout without a browser, measured exactly '.repeat(4).slice(0, 200);
const description =
  'Pure JS text measurement replaces Puppeteer: fast renders and zero browser dependencies.';

async function card(vars: Record<string, unknown>) {
  const document = presets.default!.compile({ description, ...vars }, { width: 1200, height: 630 });
  const drawn = await drawAndMeasure(engine, document, 1200, 630);
  const report = fitReport(drawn.layout);
  const entry = (name: string): FitEntry => report.elements.find((e) => e.name === name)!;
  return { ...drawn, report, title: entry('title'), description: entry('description') };
}

/** Title text lines in the image: bands of near-white rows across the whole card. */
const titleLines = (image: Pixels, dense = 0) =>
  bands(inkRows(image, { left: 0, right: image.width, top: 0, bottom: image.height }, titleInk, dense));

/** The glyphs (column bands) of one text line, each with the rows its ink spans. */
function glyphsOf(image: Pixels, box: LayoutBox, [top, bottom]: [number, number]) {
  const columns: boolean[] = [];
  for (let x = Math.floor(box.x); x < box.x + box.width; x += 1) {
    let inked = false;
    for (let y = top; y < bottom && !inked; y += 1) inked = titleInk(image.at(x, y));
    columns.push(inked);
  }
  return bands(columns, 1).map(([from, to]) => {
    const left = Math.floor(box.x) + from;
    const rows = bands(inkRows(image, { left, right: left + to - from, top, bottom }, titleInk), 1);
    // Rows from the line's top.
    return { width: to - from, top: rows[0]?.[0] ?? 0, bottom: rows.at(-1)?.[1] ?? 0 };
  });
}

describe('fit report', () => {
  it('reports a short title as one line that fits, and the image has one title line', async () => {
    const { title, report, image, layout } = await card({ title: 'Short title' });
    expect(title).toEqual({ name: 'title', lines: 1, maxLines: 3, available: null, overflow: false });
    expect(report.fits).toBe(true);
    const box = boxOf(layout, 'title');
    const drawn = titleLines(image);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]![0]).toBeGreaterThanOrEqual(box.y - 1);
    expect(drawn[0]![1]).toBeLessThanOrEqual(box.y + box.height + 1);
  });

  it('counts wrapped lines as drawn when nothing is cut', async () => {
    const { title, image } = await card({ title: long, maxTitleLines: 5 });
    expect(title).toMatchObject({ lines: 5, maxLines: 5, overflow: false });
    expect(titleLines(image)).toHaveLength(5);
  });

  it('reports a clamped title as cut, and the image ends its last line in an ellipsis', async () => {
    const { title, report, image, layout } = await card({ title: long, maxTitleLines: 2 });
    expect(title).toEqual({ name: 'title', lines: 2, maxLines: 2, available: null, overflow: true });
    expect(report.fits).toBe(false);
    const box = boxOf(layout, 'title');
    // Two lines of title ink, none below the box where a third line would have gone.
    const drawn = titleLines(image);
    expect(drawn).toHaveLength(2);
    expect(drawn.at(-1)![1]).toBeLessThanOrEqual(box.y + box.height + 1);
    // The last line ends in three small dots sitting on the baseline: an ellipsis, not a letter.
    const glyphs = glyphsOf(image, box, drawn[1]!);
    const [a, b, c] = glyphs.slice(-3);
    for (const dot of [a!, b!, c!]) {
      expect(dot.width).toBeLessThan(12);
      expect(dot.bottom - dot.top).toBeLessThan(12);
      expect(dot.bottom).toBe(a!.bottom);
    }
    const lineHeight = drawn[1]![1] - drawn[1]![0];
    expect(a!.top).toBeGreaterThan(lineHeight / 2); // rows counted from the line's top
  });

  it('counts the description lines the image shows, under the clamp the preset gave it', async () => {
    const {
      description: entry,
      image,
      layout,
    } = await card({ title: 'Short', description: description.repeat(5) });
    const box = boxOf(layout, 'description');
    const slate = ([r, , b]: readonly number[]) => (b ?? 0) > 140 && (r ?? 0) < 200; // #94a3b8
    const rows = bands(
      inkRows(
        image,
        { left: box.x, right: box.x + box.width, top: box.y, bottom: box.y + box.height },
        slate,
      ),
    );
    expect(entry).toMatchObject({ maxLines: 4, overflow: true });
    expect(rows).toHaveLength(entry.lines);
  });

  it('gives Japanese and Arabic titles the lines they draw', async () => {
    const japanese = await card({
      title:
        '日本語のタイトルがここに入ります。サーバー側でテキストを正確に測定し、ブラウザなしで画像を描画します。',
      font: 'Noto Sans JP',
    });
    // Balanced wrapping breaks between any two characters: three even lines, nothing cut.
    expect(japanese.title).toMatchObject({ lines: 3, maxLines: 3, overflow: false });
    expect(titleLines(japanese.image)).toHaveLength(3);
    const arabic = await card({
      title: 'تخطيط النص من جانب الخادم بدون متصفح، قياس دقيق لكل سطر في البطاقة الاجتماعية',
      font: 'Noto Sans AR',
    });
    expect(arabic.title).toMatchObject({ lines: 2, overflow: false });
    expect(titleLines(arabic.image, 0.25)).toHaveLength(2);
    const arabicLong = await card({
      title: 'تخطيط النص من جانب الخادم بدون متصفح '.repeat(5),
      font: 'Noto Sans AR',
    });
    expect(arabicLong.title).toMatchObject({ lines: 3, maxLines: 3, overflow: true });
    expect(titleLines(arabicLong.image, 0.25)).toHaveLength(3);
    // Right to left: every line starts at the right edge of the title box.
    const box = boxOf(arabicLong.layout, 'title');
    for (const [top, bottom] of titleLines(arabicLong.image, 0.25)) {
      let right = 0;
      for (let x = 0; x < 1200; x += 1) {
        for (let y = top; y < bottom; y += 1) if (titleInk(arabicLong.image.at(x, y))) right = x;
      }
      expect(right).toBeGreaterThan(box.x + box.width - 12);
    }
  });

  it('reports a fixed-height layer: the lines its box holds, and text taller than the box', async () => {
    const layer = {
      type: 'text',
      dynamicKey: 'body',
      x: 10,
      y: 10,
      width: 180,
      height: 60,
      fontSize: 16,
      lineHeight: 1.25,
    };
    const document = (text: string) =>
      compileElements({ width: 200, height: 200, elements: [{ ...layer, text }] })();
    const short = fitReport((await drawAndMeasure(engine, document('Fits.'), 200, 200)).layout);
    expect(short.elements).toEqual([
      { name: 'body', lines: 1, maxLines: null, available: 3, overflow: false },
    ]);
    const tall = fitReport((await drawAndMeasure(engine, document(description.repeat(2)), 200, 200)).layout);
    expect(tall.elements[0]).toMatchObject({ available: 3, overflow: true });
    expect(tall.elements[0]!.lines).toBeGreaterThan(3);
  });

  it('counts text cut by a one-line ellipsis as overflow, and emoji as drawn', async () => {
    const html =
      '<div data-fit="cut" style="width:120px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis">A line far too long for its box</div>' +
      '<div data-fit="emoji" style="width:300px">Launch day 🚀 is here</div>';
    const { layout } = await drawAndMeasure(engine, { html }, 400, 200);
    expect(fitReport(layout).elements).toEqual([
      { name: 'cut', lines: 1, maxLines: null, available: null, overflow: true },
      { name: 'emoji', lines: 1, maxLines: null, available: null, overflow: false },
    ]);
  });
});
