// Draws compiled element documents with the native engine: the layers land where they say.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../../engines/native/engine.ts';
import { pixels, renderOptions } from '../../../test/helpers/engine.ts';
import type { Engine } from '../../engines/types.ts';
import { compileElements } from './compile.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine();
});
afterAll(() => engine.close());

const draw = async (doc: unknown, data: Record<string, unknown> = {}) =>
  pixels(
    await engine.render(
      engine.prepare(compileElements(doc)(data)),
      renderOptions({ width: 200, height: 100 }),
    ),
  );

describe('elements drawn by the native engine', () => {
  it('places rectangles at their position and size, bordered inside that size', async () => {
    const image = await draw({
      width: 200,
      height: 100,
      background: '#000000',
      elements: [
        {
          type: 'rectangle',
          x: 20,
          y: 10,
          width: 50,
          height: 40,
          fill: '#ff0000',
          border: '5px solid #0000ff',
        },
      ],
    });
    expect(image.at(10, 5)).toEqual([0, 0, 0, 255]);
    expect(image.at(22, 12)).toEqual([0, 0, 255, 255]);
    expect(image.at(45, 30)).toEqual([255, 0, 0, 255]);
    expect(image.at(68, 48)).toEqual([0, 0, 255, 255]);
    expect(image.at(71, 51)).toEqual([0, 0, 0, 255]);
  });

  it('draws a bound data: image cover-fit in its box', async () => {
    const green = await sharp({ create: { width: 8, height: 4, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const doc = {
      width: 200,
      height: 100,
      background: '#ffffff',
      elements: [{ type: 'image', dynamicKey: 'hero', src: '', x: 100, y: 0, width: 100, height: 100 }],
    };
    expect((await draw(doc)).at(150, 50)).toEqual([255, 255, 255, 255]);
    const image = await draw(doc, { 'hero.img': `data:image/png;base64,${green.toString('base64')}` });
    expect(image.at(150, 50)).toEqual([0, 255, 0, 255]);
    expect(image.at(101, 1)).toEqual([0, 255, 0, 255]);
    expect(image.at(99, 50)).toEqual([255, 255, 255, 255]);
  });

  it('draws text inside its layer only', async () => {
    const image = await draw({
      width: 200,
      height: 100,
      background: '#ffffff',
      elements: [{ type: 'text', text: 'Hello', x: 100, y: 0, width: 100, fontSize: 30, color: '#000000' }],
    });
    const inkIn = (x0: number, x1: number) => {
      let dark = 0;
      for (let y = 0; y < 100; y += 1)
        for (let x = x0; x < x1; x += 1) if (image.at(x, y)[0] < 128) dark += 1;
      return dark;
    };
    expect(inkIn(0, 100)).toBe(0);
    expect(inkIn(100, 200)).toBeGreaterThan(50);
  });
});
