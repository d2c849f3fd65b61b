import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlacardError } from '../../errors/placard-error.ts';
import type { Engine, EngineMeasureOptions, MeasuredLayout, MeasuredText } from '../types.ts';
import { createNativeEngine } from './engine.ts';
import { inkBox, pixels, renderOptions } from '../../../test/helpers/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine();
});
afterAll(() => engine.close());

const options = (overrides: Partial<EngineMeasureOptions> = {}): EngineMeasureOptions => ({
  width: 400,
  height: 300,
  scale: 1,
  assets: new Map(),
  signal: new AbortController().signal,
  ...overrides,
});
const measure = (html: string, overrides: Partial<EngineMeasureOptions> = {}): Promise<MeasuredLayout> =>
  engine.measure!(engine.prepare({ html }), options(overrides));
const named = (layout: MeasuredLayout, name: string): MeasuredText => {
  const text = layout.texts.find((entry) => entry.name === name);
  if (!text) throw new Error(`no measured text named ${name}`);
  return text;
};
const words = 'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor';

describe('native engine measure', () => {
  it('finds data-fit elements among blocks, flex items and absolute layers, with their text and runs', async () => {
    const layout = await measure(
      `<div style="font-size:20px;width:300px">
         <div data-fit="first">One</div> loose text <b>between</b>
         <div style="display:flex"><span>x</span><div data-fit="item" style="line-height:1.5">Two words</div></div>
         <div data-fit="layer" style="position:absolute;left:50px;top:200px;width:100px">${words}</div>
       </div>`,
    );
    expect(layout.unplaced).toEqual([]);
    expect(layout.texts.map((text) => text.name)).toEqual(['first', 'item', 'layer']);
    expect(named(layout, 'first')).toMatchObject({ text: 'One', box: { x: 0, y: 0, width: 300 } });
    expect(named(layout, 'item')).toMatchObject({ text: 'Two words', lineHeight: 30 });
    const layer = named(layout, 'layer');
    expect(layer.box).toMatchObject({ x: 50, y: 200, width: 100 });
    expect(layer.runs.length).toBeGreaterThan(3);
    expect(layer.runs.every((run) => run.x >= 50 && run.y >= 195)).toBe(true);
  });

  it('reports the content box inside padding and border, with the clamp and fixed height of the style', async () => {
    const style =
      'width:200px;height:100px;padding:10px 5px;border:3px solid red;font-size:20px;line-height:30px';
    const clamp = 'display:-webkit-box;-webkit-line-clamp:2;line-clamp:2;overflow:hidden';
    const layout = await measure(`<div data-fit="a" style="${style};${clamp}">${words}</div>`);
    const text = named(layout, 'a');
    expect(text.box).toEqual({ x: 8, y: 13, width: 200, height: 100 });
    expect(text).toMatchObject({ lineClamp: 2, fixedHeight: true, lineHeight: 30 });
    expect(text.runs).toHaveLength(2);
    expect(text.runs[0]!.y).toBeGreaterThan(13);
  });

  it('measures in CSS pixels at the scale of the render it describes', async () => {
    // Takumi rounds line metrics in output pixels, so a 2x card is not exactly a 1x card doubled:
    // measure must run at the render's scale, and still answer in CSS pixels.
    const html = `<div data-fit="a" style="margin:20px;width:150px;font-size:18px">${words}</div>`;
    const prepared = engine.prepare({ html });
    const [one, two, output] = await Promise.all([
      engine.measure!(prepared, options()),
      engine.measure!(prepared, options({ scale: 2 })),
      engine.render(prepared, renderOptions({ width: 400, height: 300, scale: 2 })),
    ]);
    expect(two.width).toBe(400);
    expect(named(two, 'a').box).toMatchObject({ x: 20, y: 20, width: 150 });
    expect(named(two, 'a').runs.length).toBe(named(one, 'a').runs.length);
    const [, y, , height] = inkBox(await pixels(output));
    const { box } = named(two, 'a');
    expect(y / 2).toBeGreaterThanOrEqual(Math.floor(box.y));
    expect((y + height) / 2).toBeLessThanOrEqual(Math.ceil(box.y + box.height) + 1);
  });

  it('leaves marks inside running text unplaced rather than guessing their lines', async () => {
    const layout = await measure(
      '<div style="width:300px">Before <span data-fit="inline">marked words</span> after</div>',
    );
    expect(layout.texts).toEqual([]);
    expect(layout.unplaced).toEqual(['inline']);
  });

  it('lays out exactly what render draws: the measured text box holds the ink', async () => {
    const html = `<div style="padding:30px"><div data-fit="a" style="width:200px;font-size:24px">${words}</div></div>`;
    const prepared = engine.prepare({ html });
    const [layout, output] = await Promise.all([
      engine.measure!(prepared, options()),
      engine.render(prepared, renderOptions({ width: 400, height: 300 })),
    ]);
    const [x, y, width, height] = inkBox(await pixels(output));
    const { box } = named(layout, 'a');
    expect(x).toBeGreaterThanOrEqual(Math.floor(box.x));
    expect(y).toBeGreaterThanOrEqual(Math.floor(box.y));
    expect(x + width).toBeLessThanOrEqual(Math.ceil(box.x + box.width));
    expect(y + height).toBeLessThanOrEqual(Math.ceil(box.y + box.height) + 2);
  });

  it('drops a declaration Takumi rejects, as render does, and measures the rest', async () => {
    const layout = await measure(`<div data-fit="a" style="color:#12;width:100px">${words}</div>`);
    expect(named(layout, 'a').runs.length).toBeGreaterThan(1);
  });

  it('measures only documents it prepared, and honours the abort signal', async () => {
    const foreign = { assetUrls: [], missingFonts: [] };
    await expect(engine.measure!(foreign, options())).rejects.toSatisfy(isPlacardError);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(measure('<div>x</div>', { signal: controller.signal })).rejects.toThrow('stop');
  });
});
