// What only the native engine promises. What every engine promises (sizes, scale, formats,
// transparency, fonts, emoji, timeouts, cancellation) is test/contract/engine.contract.ts.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Renderer } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import { isPlacardError } from '../../errors/placard-error.ts';
import { loadBundledFonts } from '../../fonts/catalog.ts';
import type { Engine } from '../types.ts';
import { createNativeEngine } from './engine.ts';
import { differingPixels, inkBox, pixels, renderOptions } from '../../../test/helpers/engine.ts';

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

  it('reports a Takumi failure as RENDER_FAILED naming what failed', async () => {
    const zero = await engine
      .render(engine.prepare({ html: '<div>x</div>' }), renderOptions({ width: 0, height: 0 }))
      .catch((error: unknown) => error);
    expect(isPlacardError(zero) && zero.code).toBe('RENDER_FAILED');
    expect((zero as Error).message).toMatch(/Takumi could not draw the template \(0x0 .*viewport/);
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
