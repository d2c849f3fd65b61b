// What only the Chromium engine promises: a card close to the native engine's, and a version
// naming the browser. What every engine promises is test/contract/engine.contract.ts.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeEngine } from '../native/engine.ts';
import type { Engine } from '../types.ts';
import { createChromiumEngine, type ChromiumEngine } from './engine.ts';
import { chromiumPath } from '../../../test/helpers/chromium.ts';
import { pixels, renderOptions, type Pixels } from '../../../test/helpers/engine.ts';

let engine: ChromiumEngine;

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

  it('draws lossless WebP (no quality) with exactly the PNG pixels, alpha included', async () => {
    // Chromium's WebP is lossless only at quality 100 (capture.ts relies on it).
    const html =
      '<div style="width:150px;height:80px;border-radius:30px;color:rgba(0,128,0,.5);font-size:30px;' +
      'background:linear-gradient(90deg,rgba(255,0,0,.1),rgba(0,0,255,.9))">Hi ✓</div>';
    for (const background of ['white', 'transparent', 'rgba(20,40,200,0.5)']) {
      const draw = (format: 'png' | 'webp') =>
        engine.render(engine.prepare({ html }), renderOptions({ format, background }));
      const [png, webp] = await Promise.all([draw('png'), draw('webp')]);
      expect(webp).toMatchObject({ format: 'webp', width: 200, height: 100 });
      expect((await pixels(webp)).data.equals((await pixels(png)).data)).toBe(true);
    }
  });

  it('names Chromium, its version and the font set in its version', () => {
    expect(engine.name).toBe('chromium');
    expect(engine.available).toBe(true);
    expect(engine.version).toMatch(/^chromium\/\d+ chrome\/\d+\.\d+\.\d+\.\d+ fonts\/[0-9a-f]{12} twemoji\//);
  });
});
