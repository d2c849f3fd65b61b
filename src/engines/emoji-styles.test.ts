// Emoji styles, drawn by both engines from the same local SVG sets: a style changes the pixels,
// `none` draws no emoji image, and Chromium draws the set the native engine draws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emojiStyles, type EmojiStyle } from '../fonts/emoji.ts';
import { createChromiumEngine } from './chromium/index.ts';
import { chromiumPath } from '../../test/helpers/chromium.ts';
import { createNativeEngine } from './native/index.ts';
import { NativePreparedDocument } from './native/prepare.ts';
import { differingPixels, pixels, renderOptions, type Pixels } from '../../test/helpers/engine.ts';
import type { Engine } from './types.ts';

const HTML = '<div style="font-size:80px;line-height:1">😀🎉</div>';

let native: Engine;
beforeAll(async () => {
  native = await createNativeEngine();
});
afterAll(() => native.close());

const draw = async (engine: Engine, emoji: EmojiStyle, html = HTML): Promise<Pixels> =>
  pixels(await engine.render(engine.prepare({ html, emoji }), renderOptions({ width: 200, height: 100 })));

describe('emoji styles in the native engine', () => {
  it('draws the same emoji differently in every image style', async () => {
    const drawn = await Promise.all(
      emojiStyles.filter((style) => style !== 'none').map((style) => draw(native, style)),
    );
    for (let i = 0; i < drawn.length; i += 1)
      for (let j = i + 1; j < drawn.length; j += 1)
        expect(differingPixels(drawn[i]!, drawn[j]!)).toBeGreaterThan(500);
  });

  it('draws no emoji image for none, and the same as noto for text without emoji', async () => {
    const prepared = native.prepare({ html: HTML, emoji: 'none' }) as NativePreparedDocument;
    expect(prepared.emoji).toEqual([]);
    expect((native.prepare({ html: HTML, emoji: 'noto' }) as NativePreparedDocument).emoji).toHaveLength(2);
    expect(differingPixels(await draw(native, 'none'), await draw(native, 'noto'))).toBeGreaterThan(500);
    const plain = '<div style="font-size:40px">Hello</div>';
    expect(differingPixels(await draw(native, 'none', plain), await draw(native, 'noto', plain))).toBe(0);
  });

  it('defaults to noto', async () => {
    const byDefault = await pixels(
      await native.render(native.prepare({ html: HTML }), renderOptions({ width: 200, height: 100 })),
    );
    expect(differingPixels(byDefault, await draw(native, 'noto'))).toBe(0);
  });
});

/** Pixels whose colour differs by more than a third of the range in some channel. */
function farPixels(a: Pixels, b: Pixels): number {
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    let most = 0;
    for (let c = 0; c < 4; c += 1)
      most = Math.max(most, Math.abs((a.data[i + c] ?? 0) - (b.data[i + c] ?? 0)));
    if (most > 85) count += 1;
  }
  return count;
}

describe.skipIf(!chromiumPath)('emoji styles in the Chromium engine', () => {
  const chromium = createChromiumEngine();
  afterAll(() => chromium.close());

  it('draws the set the native engine draws, and another set differently', async () => {
    const noto = await draw(chromium, 'noto');
    const twemoji = await draw(chromium, 'twemoji');
    const nativeNoto = await draw(native, 'noto');
    const unlike = farPixels(noto, twemoji);
    expect(unlike).toBeGreaterThan(500);
    // Same SVGs, two rasterizers: edge pixels and a px of placement, far fewer than another set.
    expect(farPixels(noto, nativeNoto)).toBeLessThan(unlike / 4);
  }, 60_000);
});
