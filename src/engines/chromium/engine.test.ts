import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../native/engine.ts';
import type { Engine } from '../types.ts';
import { createChromiumEngine, type ChromiumEngine } from './engine.ts';
import {
  chromiumPath,
  differingPixels,
  hasSaturatedPixel,
  inkBox,
  pixels,
  renderOptions,
  type Pixels,
} from './test-helpers.ts';

let engine: ChromiumEngine;
const draw = async (html: string, overrides: Parameters<typeof renderOptions>[0] = {}) =>
  pixels(await engine.render(engine.prepare({ html }), renderOptions(overrides)));

/** Mean absolute difference per channel, 0..255 (what the fidelity suite calls mean Δ). */
function meanDelta(a: Pixels, b: Pixels): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c += 1) sum += Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0));
  }
  return sum / ((a.data.length / 4) * 3);
}

describe.skipIf(!chromiumPath)('chromium engine', () => {
  beforeAll(() => {
    engine = createChromiumEngine({ executablePath: chromiumPath });
  });
  afterAll(() => engine.close());

  it('draws the standard card at its size, close to the native engine', async () => {
    const dir = new URL('../../../bench/', import.meta.url);
    const fixture = JSON.parse(readFileSync(new URL('standard-card.json', dir), 'utf8')) as {
      variables: Record<string, string>;
    };
    const html = Handlebars.compile(readFileSync(new URL('standard-card.html', dir), 'utf8'))(
      fixture.variables,
    );
    const options = renderOptions({ width: 1200, height: 630 });
    const output = await engine.render(engine.prepare({ html }), options);
    expect(output).toMatchObject({ format: 'png', width: 1200, height: 630 });
    expect((await sharp(output.data).metadata()).width).toBe(1200);
    const chromium = await pixels(output);
    expect(chromium.at(600, 10)).not.toEqual([255, 255, 255, 255]); // the gradient, not a blank page

    const native: Engine = await createNativeEngine();
    const reference = await pixels(await native.render(native.prepare({ html }), options));
    await native.close();
    const delta = meanDelta(chromium, reference);
    console.info(`standard card: chromium vs native mean Δ ${delta.toFixed(2)} of 255`);
    expect(delta).toBeLessThan(2);
  });

  it('names Chromium, its version and the font set in its version', () => {
    expect(engine.name).toBe('chromium');
    expect(engine.available).toBe(true);
    expect(engine.version).toMatch(/^chromium\/\d+ chrome\/\d+\.\d+\.\d+\.\d+ fonts\/[0-9a-f]{12} twemoji\//);
  });

  it('draws with the bundled fonts: a named family, Inter for an unknown one and for sans-serif', async () => {
    const text = (family: string) =>
      draw(`<div style="font-family:${family};font-size:40px">Hamburgefonts</div>`, { width: 400 });
    const [inter, playfair, unknown, sans, serif, mono] = await Promise.all(
      ['Inter', "'Playfair Display'", "'Comic Sans MS'", 'sans-serif', 'serif', 'monospace'].map(text),
    );
    const unlikeInter = differingPixels(inter!, playfair!);
    expect(unlikeInter).toBeGreaterThan(1000);
    expect(differingPixels(inter!, mono!)).toBeGreaterThan(1000);
    // Unknown and generic families reach the same files through fontconfig instead of @font-face:
    // same glyphs and advances, a few edge pixels antialiased differently.
    for (const [same, as] of [
      [unknown!, inter!],
      [sans!, inter!],
      [serif!, playfair!],
    ] as const) {
      expect(inkBox(same)).toEqual(inkBox(as));
      expect(differingPixels(same, as)).toBeLessThan(unlikeInter / 10);
    }
  });

  it('draws CJK and Arabic from the bundled families, and emoji in colour from local Twemoji', async () => {
    const blank = await draw('<div></div>');
    const cjk = await draw('<div style="font-size:40px">日本語</div>');
    const arabic = await draw('<div style="font-size:40px">مرحبا</div>');
    expect(differingPixels(blank, cjk)).toBeGreaterThan(300);
    expect(differingPixels(blank, arabic)).toBeGreaterThan(100);
    expect(hasSaturatedPixel(await draw('<div style="font-size:60px">😀🎉</div>'))).toBe(true);
  });

  it('paints the page white by default, in a given colour, or transparent', async () => {
    const html = '<div style="width:50px;height:50px;background:#00f"></div>';
    expect((await draw(html)).at(150, 80)).toEqual([255, 255, 255, 255]);
    expect((await draw(html, { background: '#ff8800' })).at(150, 80)).toEqual([255, 136, 0, 255]);
    const transparent = await draw(html, { background: 'transparent' });
    expect(transparent.at(150, 80)[3]).toBe(0);
    expect(transparent.at(10, 10)).toEqual([0, 0, 255, 255]);
  });

  it('has no body margin, and a fragment root of height 100% fills the card, as in the native engine', async () => {
    expect(inkBox(await draw('<div style="width:30px;height:20px;background:red"></div>'))).toEqual([
      0, 0, 30, 20,
    ]);
    expect(inkBox(await draw('<div style="height:100%;width:10px;background:red"></div>'))).toEqual([
      0, 0, 10, 100,
    ]);
  });

  it('sizes boxes as content-box by default', async () => {
    const box = 'width:100px;height:40px;padding:10px;border:5px solid black;background:red';
    expect(inkBox(await draw(`<div style="${box}"></div>`))).toEqual([0, 0, 130, 70]);
    expect(inkBox(await draw(`<div style="box-sizing:border-box;${box}"></div>`))).toEqual([0, 0, 100, 40]);
  });

  it('doubles the output pixels at scale 2 and keeps the layout in CSS pixels', async () => {
    const output = await engine.render(
      engine.prepare({ html: '<div style="width:50px;height:20px;background:red"></div>' }),
      renderOptions({ scale: 2 }),
    );
    expect(output).toMatchObject({ width: 400, height: 200 });
    expect(inkBox(await pixels(output))).toEqual([0, 0, 100, 40]);
  });

  it('encodes png, jpeg and webp, and returns raw RGBA for the pipeline to encode', async () => {
    const prepared = engine.prepare({
      html: '<div style="background:#0a0;width:100px;height:50px">Hi</div>',
    });
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      for (const quality of [80, undefined]) {
        const output = await engine.render(prepared, renderOptions({ format, quality }));
        expect(output.format).toBe(format);
        expect((await sharp(output.data).metadata()).format).toBe(format);
      }
    }
    const raw = await engine.render(prepared, renderOptions({ format: 'raw' }));
    expect(raw).toMatchObject({ format: 'raw', width: 200, height: 100 });
    expect(raw.data.length).toBe(200 * 100 * 4);
    expect([...raw.data.subarray(0, 4)]).toEqual([0, 170, 0, 255]);
  });

  it('takes a full HTML document: head styles and body attributes count, with browser body margins', async () => {
    const html =
      '<!doctype html><html lang="en"><head><style>.x{background:#f00;width:20px;height:20px}</style></head>' +
      '<body class="b" style="margin:5px"><style>.b .x{background:#00f}</style><div class="x"></div></body></html>';
    const image = await draw(html);
    expect(inkBox(image)).toEqual([5, 5, 20, 20]);
    expect(image.at(10, 10)).toEqual([0, 0, 255, 255]);
  });

  it('rejects a background that is not a CSS colour as a validation error', async () => {
    const failure = await draw('<div></div>', { background: 'not-a-colour' }).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists remote assets like the native engine, without inline SVG markup', () => {
    const prepared = engine.prepare({
      html:
        '<img src="https://a.test/x.png"><div style="background:url(https://a.test/bg.png)"></div>' +
        '<svg width="4" height="4"><rect width="4" height="4"/></svg><img src="data:image/png;base64,AA">' +
        '<div style="font-family:Nope">x</div>',
    });
    expect(prepared.assetUrls).toEqual(['https://a.test/x.png', 'https://a.test/bg.png']);
    expect(prepared.missingFonts).toEqual(['Nope']);
  });
});
