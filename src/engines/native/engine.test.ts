import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Renderer } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import { isPlacardError } from '../../core/errors.ts';
import { loadBundledFonts } from '../../fonts/catalog.ts';
import type { Engine } from '../types.ts';
import { createNativeEngine } from './engine.ts';
import { differingPixels, hasSaturatedPixel, inkBox, pixels, renderOptions } from './test-helpers.ts';

let engine: Engine;
const draw = async (html: string, overrides: Parameters<typeof renderOptions>[0] = {}) =>
  pixels(await engine.render(engine.prepare({ html }), renderOptions(overrides)));

beforeAll(async () => {
  engine = await createNativeEngine();
});
afterAll(() => engine.close());

describe('native engine', () => {
  it('draws the standard card at its size, with a version naming Takumi and the font set', async () => {
    const template = readFileSync(new URL('../../../bench/standard-card.html', import.meta.url), 'utf8');
    const { variables } = JSON.parse(
      readFileSync(new URL('../../../bench/standard-card.json', import.meta.url), 'utf8'),
    ) as { variables: Record<string, string> };
    const html = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => variables[key] ?? '');
    const output = await engine.render(engine.prepare({ html }), renderOptions({ width: 1200, height: 630 }));
    expect(output).toMatchObject({ format: 'png', width: 1200, height: 630 });
    expect((await sharp(output.data).metadata()).width).toBe(1200);
    expect(engine.name).toBe('native');
    expect(engine.version).toMatch(/takumi\/\d+\.\d+\.\d+ fonts\/[0-9a-f]{12} twemoji\//);
  });

  it('sizes boxes as content-box by default, as a browser does, unless the template says otherwise', async () => {
    const box = 'width:100px;height:40px;padding:10px;border:5px solid black;background:red';
    expect(inkBox(await draw(`<div style="${box}"></div>`))).toEqual([0, 0, 130, 70]);
    expect(inkBox(await draw(`<div style="box-sizing:border-box;${box}"></div>`))).toEqual([0, 0, 100, 40]);
    const global = `<style>*,*::before{box-sizing:border-box}</style><div style="${box}"></div>`;
    expect(inkBox(await draw(global))).toEqual([0, 0, 100, 40]);
  });

  it('moves what follows a padded box down by the padding, as a browser does', async () => {
    const html =
      '<div style="display:flex;flex-direction:column"><div style="height:20px;padding:10px"></div>' +
      '<div style="width:20px;height:20px;background:blue"></div></div>';
    expect(inkBox(await draw(html))).toEqual([0, 40, 20, 20]);
  });

  it('draws a template without a background on white, on a given colour, or transparent', async () => {
    const html = '<div style="width:50px;height:50px;background:#00f"></div>';
    expect((await draw(html)).at(150, 80)).toEqual([255, 255, 255, 255]);
    expect((await draw(html, { background: '#ff8800' })).at(150, 80)).toEqual([255, 136, 0, 255]);
    expect((await draw(html, { background: 'transparent' })).at(150, 80)[3]).toBe(0);
    expect((await draw(html, { background: 'transparent' })).at(10, 10)).toEqual([0, 0, 255, 255]);
  });

  it('lays the template out the same whatever the background', async () => {
    const html =
      '<div style="display:flex;width:100%;height:100%;align-items:center;justify-content:center">' +
      '<div style="width:50%;height:50%;background:green"></div></div>';
    expect(inkBox(await draw(html, { background: 'white' }))).toEqual([50, 25, 100, 50]);
    const transparent = await draw(html, { background: 'transparent' });
    expect(transparent.at(50, 25)[3]).toBe(255);
    expect(transparent.at(49, 24)[3]).toBe(0);
  });

  it('draws exactly what bare Takumi draws (with the same defaults) when the page is transparent', async () => {
    const html =
      '<style>.c{display:flex;gap:10px;padding:8px;font-family:Lato}</style>' +
      '<div class="c"><b>Bold</b><i>italic</i><div style="height:50%;width:30px;background:teal"></div></div>';
    const bare = new Renderer();
    for (const font of loadBundledFonts((face) => face.family === 'Lato')) await bare.registerFont(font);
    const { node, css } = fromHtml(html);
    const expected = await bare.render(node, {
      width: 200,
      height: 100,
      format: 'raw',
      css: ['*{box-sizing:content-box}', ...css],
    });
    const actual = await draw(html, { background: 'transparent', format: 'raw' });
    const want = {
      width: 200,
      height: 100,
      data: expected,
      at: () => [0, 0, 0, 0] as [number, number, number, number],
    };
    expect(differingPixels(want, actual)).toBe(0);
  });

  it('doubles the output pixels at scale 2 and keeps the layout in CSS pixels', async () => {
    const output = await engine.render(
      engine.prepare({ html: '<div style="width:50px;height:20px;background:red"></div>' }),
      renderOptions({ scale: 2 }),
    );
    expect(output).toMatchObject({ width: 400, height: 200 });
    expect(inkBox(await pixels(output))).toEqual([0, 0, 100, 40]);
  });

  it('encodes jpeg, webp and raw RGBA', async () => {
    const prepared = engine.prepare({ html: '<div>Hello</div>' });
    for (const format of ['jpeg', 'webp'] as const) {
      const output = await engine.render(prepared, renderOptions({ format, quality: 80 }));
      expect((await sharp(output.data).metadata()).format).toBe(format);
    }
    const raw = await engine.render(prepared, renderOptions({ format: 'raw' }));
    expect(raw.data.length).toBe(200 * 100 * 4);
  });

  it('draws an image it was given by URL, and never asks for data: URLs', async () => {
    const red = await sharp({ create: { width: 4, height: 4, channels: 4, background: 'red' } })
      .png()
      .toBuffer();
    const html =
      '<img src="https://img.test/a.png" style="width:40px;height:40px">' +
      `<img src="data:image/png;base64,${red.toString('base64')}" style="width:40px;height:40px">`;
    const prepared = engine.prepare({ html });
    expect(prepared.assetUrls).toEqual(['https://img.test/a.png']);
    const image = await pixels(
      await engine.render(prepared, renderOptions({ assets: new Map([['https://img.test/a.png', red]]) })),
    );
    expect(image.at(20, 20)).toEqual([255, 0, 0, 255]);
    expect(image.at(60, 20)).toEqual([255, 0, 0, 255]); // images are inline: side by side
  });

  it('converts images Takumi cannot decode (AVIF) and draws undecodable bytes as an empty box', async () => {
    const avif = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'blue' } })
      .avif()
      .toBuffer();
    const html =
      '<img src="https://img.test/a.avif" style="width:40px;height:40px">' +
      '<img src="https://img.test/broken" style="width:40px;height:40px">';
    for (const broken of ['not an image', '<svg xmlns="http://www.w3.org/2000/svg"><rect width="']) {
      const assets = new Map<string, Uint8Array>([
        ['https://img.test/a.avif', avif],
        ['https://img.test/broken', new TextEncoder().encode(broken)],
      ]);
      const image = await draw(html, { assets });
      expect(image.at(20, 20)[2]).toBeGreaterThan(200);
      expect(image.at(60, 20)).toEqual([255, 255, 255, 255]);
    }
  });

  it('skips an inline declaration it cannot use instead of failing, as a browser does', async () => {
    const image = await draw(
      '<div style="color:#12;position:sticky;width:30px;height:30px;background:red"></div>',
    );
    expect(inkBox(image)).toEqual([0, 0, 30, 30]);
  });

  it('rejects a background that is not a CSS colour as a validation error', async () => {
    const failure = await draw('<div></div>', { background: 'not-a-colour' }).catch(
      (error: unknown) => error,
    );
    expect(isPlacardError(failure) && failure.code).toBe('VALIDATION_FAILED');
  });

  it('reports a Takumi failure as RENDER_FAILED naming what failed', async () => {
    const prepared = { assetUrls: [], missingFonts: [] };
    const failure = await engine.render(prepared, renderOptions()).catch((error: unknown) => error);
    expect(isPlacardError(failure) && failure.code).toBe('RENDER_FAILED');
    const zero = await engine
      .render(engine.prepare({ html: '<div>x</div>' }), renderOptions({ width: 0, height: 0 }))
      .catch((error: unknown) => error);
    expect(isPlacardError(zero) && zero.code).toBe('RENDER_FAILED');
    expect((zero as Error).message).toMatch(/Takumi could not draw the template \(0x0 .*viewport/);
  });

  it('rejects promptly with the signal reason when aborted', async () => {
    const prepared = engine.prepare({
      html: '<div style="width:3000px;height:3000px;background:linear-gradient(red,blue);filter:blur(40px)"></div>',
    });
    const already = AbortSignal.abort(new Error('gone'));
    await expect(engine.render(prepared, renderOptions({ signal: already }))).rejects.toThrow('gone');

    const controller = new AbortController();
    const started = performance.now();
    const rendering = engine.render(
      prepared,
      renderOptions({ width: 3000, height: 3000, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(new DOMException('took too long', 'TimeoutError')), 5);
    await expect(rendering).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('native engine emoji', () => {
  it('draws emoji in colour from local Twemoji without any network', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const prepared = engine.prepare({ html: '<div style="font-size:64px">🎉</div>' });
      expect(prepared.assetUrls).toEqual([]);
      const image = await pixels(await engine.render(prepared, renderOptions()));
      expect(hasSaturatedPixel(image)).toBe(true);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('draws an emoji Twemoji does not have as an empty box, without fetching it', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      // U+1FAE9 (face with bags under eyes) is newer than the bundled Twemoji 15.
      const prepared = engine.prepare({ html: '<div style="font-size:64px">a\u{1FAE9}b</div>' });
      expect(prepared.assetUrls).toEqual([]);
      await engine.render(prepared, renderOptions());
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});
