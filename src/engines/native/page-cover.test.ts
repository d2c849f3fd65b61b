import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Renderer } from '@takumi-rs/core';
import { isPlacardError } from '../../errors/placard-error.ts';
import type { Engine } from '../types.ts';
import { createNativeEngine } from './engine.ts';
import { pngIsOpaque } from './page-cover.ts';
import { differingPixels, pixels, renderOptions } from '../../../test/helpers/engine.ts';

const png = (channels: 3 | 4, alpha = 1, palette = false) =>
  sharp({ create: { width: 4, height: 4, channels, background: { r: 10, g: 20, b: 30, alpha } } })
    .png({ palette })
    .toBuffer();

describe('pngIsOpaque', () => {
  it('reads transparency from the colour type and a tRNS chunk', async () => {
    expect(pngIsOpaque(await png(3))).toBe(true);
    expect(pngIsOpaque(await png(4, 0.5))).toBe(false);
    expect(pngIsOpaque(await png(3, 1, true))).toBe(true);
    expect(pngIsOpaque(await png(4, 0.5, true))).toBe(false);
    expect(pngIsOpaque(Buffer.from('not a png'))).toBe(false);
  });
});

describe('the page colour under a template', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNativeEngine();
  });
  afterAll(() => engine.close());

  const raw = (html: string, background: string) =>
    engine.render(engine.prepare({ html }), renderOptions({ background, format: 'raw' })).then(pixels);

  it('is left out only where it cannot show: the same pixels, drawn once', async () => {
    const covering = '<div style="width:200px;height:100px;background:linear-gradient(#123,#456)">x</div>';
    const partial = '<div style="width:120px;height:60px;background:teal;border-radius:12px">x</div>';
    const draws = vi.spyOn(Renderer.prototype, 'render');
    for (const [html, background] of [
      [covering, 'white'],
      [partial, 'white'],
      [partial, '#ff0000'],
    ] as const) {
      const expected = await raw(html, background);
      const prepared = engine.prepare({ html });
      for (let round = 0; round < 3; round += 1) {
        const drawn = await pixels(await engine.render(prepared, renderOptions({ background })));
        expect(differingPixels(expected, drawn)).toBe(0);
      }
    }
    // One raw draw each, then one per PNG, plus one extra for the shape that lets the page show
    // (its first PNG was drawn uncovered, found transparent, and drawn again), learned once.
    expect(draws.mock.calls.length).toBe(3 + 3 * 3 + 1);
    draws.mockRestore();
  });

  it('still refuses a page colour Takumi cannot parse, also for a template that covers its page', async () => {
    const html = '<div style="width:200px;height:100px;background:#123">x</div>';
    await engine.render(engine.prepare({ html }), renderOptions());
    const error = await engine
      .render(engine.prepare({ html }), renderOptions({ background: '#12' }))
      .catch((e: unknown) => e);
    expect(isPlacardError(error) && error.code).toBe('VALIDATION_FAILED');
  });
});
