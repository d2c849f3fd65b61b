import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../types.ts';
import { createNativeEngine } from './engine.ts';
import { differingPixels, inkBox, pixels, renderOptions, type Pixels } from '../../../test/helpers/engine.ts';

let onDemand: Engine;
let eager: Engine;

beforeAll(async () => {
  [onDemand, eager] = await Promise.all([
    createNativeEngine({ fontLoading: 'on-demand' }),
    createNativeEngine({ fontLoading: 'eager' }),
  ]);
});
afterAll(() => Promise.all([onDemand.close(), eager.close()]));

const text = (content: string, style = '') =>
  `<div style="width:400px;height:80px;font-size:40px;color:black;${style}">${content}</div>`;

async function draw(engine: Engine, html: string): Promise<Pixels> {
  return pixels(await engine.render(engine.prepare({ html }), renderOptions({ width: 400, height: 80 })));
}

function ink(image: Pixels): number {
  let dark = 0;
  for (let i = 0; i < image.data.length; i += 4) if ((image.data[i] ?? 255) < 128) dark += 1;
  return dark;
}

describe('bundled fonts in the native engine', () => {
  it('draws bold heavier than regular', async () => {
    const regular = await draw(onDemand, text('Hamburgefonstiv'));
    const bold = await draw(onDemand, text('Hamburgefonstiv', 'font-weight:700'));
    expect(ink(bold)).toBeGreaterThan(ink(regular) * 1.2);
  });

  it('draws italic differently from upright', async () => {
    const upright = await draw(onDemand, text('Hamburgefonstiv'));
    const italic = await draw(onDemand, text('Hamburgefonstiv', 'font-style:italic'));
    expect(differingPixels(upright, italic)).toBeGreaterThan(500);
  });

  it('draws each bundled family differently from the Inter fallback, and unknown families as Inter', async () => {
    const inter = await draw(onDemand, text('Hamburgefonstiv', 'font-family:Inter'));
    for (const family of ['Outfit', 'Roboto', "'Open Sans'", 'Lato', 'Montserrat', "'Playfair Display'"]) {
      const drawn = await draw(onDemand, text('Hamburgefonstiv', `font-family:${family}`));
      expect(differingPixels(inter, drawn), family).toBeGreaterThan(500);
    }
    const unknown = await draw(onDemand, text('Hamburgefonstiv', "font-family:'No Such Font'"));
    expect(differingPixels(inter, unknown)).toBe(0);
  });

  it('resolves the generic monospace and serif keywords to JetBrains Mono and Playfair Display', async () => {
    const mono = await draw(onDemand, text('Hamburg', "font-family:'JetBrains Mono'"));
    expect(differingPixels(mono, await draw(onDemand, text('Hamburg', 'font-family:monospace')))).toBe(0);
    const serif = await draw(onDemand, text('Hamburg', "font-family:'Playfair Display'"));
    expect(differingPixels(serif, await draw(onDemand, text('Hamburg', 'font-family:Georgia, serif')))).toBe(
      0,
    );
  });

  for (const [script, a, b] of [
    ['Japanese', 'あ', '日'],
    ['Chinese', '们', '这'],
    ['Arabic', 'ب', 'ج'],
  ] as const) {
    it(`draws ${script} glyphs (not empty, not identical missing-glyph boxes) in both font loadings`, async () => {
      for (const engine of [onDemand, eager]) {
        const blank = await draw(engine, text(''));
        const first = await draw(engine, text(a.repeat(3)));
        const second = await draw(engine, text(b.repeat(3)));
        expect(differingPixels(blank, first)).toBeGreaterThan(200);
        expect(differingPixels(first, second)).toBeGreaterThan(200);
      }
      // Both loadings draw the same pixels once the on-demand subsets are in.
      const line = text(`${a}${b} Hello`);
      expect(differingPixels(await draw(onDemand, line), await draw(eager, line))).toBe(0);
    });
  }

  it('draws Han characters in Japanese forms, or Chinese forms in a document marked lang="zh"', async () => {
    const han = (attrs: string, style = '') => `<div ${attrs} style="font-size:60px;${style}">骨直</div>`;
    const japanese = await draw(onDemand, han('', "font-family:'Noto Sans JP'"));
    const chinese = await draw(onDemand, han('', "font-family:'Noto Sans SC'"));
    expect(differingPixels(japanese, chinese)).toBeGreaterThan(100);
    expect(differingPixels(await draw(onDemand, han('')), japanese)).toBe(0);
    expect(differingPixels(await draw(onDemand, han('lang="zh-CN"')), chinese)).toBe(0);
  });

  it('draws the same pixels when several renders first need the same subsets at once', async () => {
    const fresh = await createNativeEngine({ fontLoading: 'on-demand' });
    const lines = ['東京タワーと富士山', '富士山の朝', '北京烤鸭很好吃', '東京と北京', 'مرحبا 東京'].map(
      (line) => text(line),
    );
    const drawn = await Promise.all(lines.map((line) => draw(fresh, line)));
    for (const [i, line] of lines.entries()) {
      expect(differingPixels(drawn[i] as Pixels, await draw(eager, line)), line).toBe(0);
    }
    await fresh.close();
  });

  it('draws a long Japanese line wrapped, with every subset it needs registered', async () => {
    const html = `<div style="width:380px;font-size:20px">${'吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。'.repeat(2)}</div>`;
    const [x, y, width, height] = inkBox(await draw(onDemand, html));
    expect([x, y]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(width).toBeGreaterThan(300);
    expect(height).toBeGreaterThan(40);
  });
});

describe('missing fonts', () => {
  it('reports families the document names but Placard lacks, before any available one', () => {
    const prepared = onDemand.prepare({
      html:
        "<style>.a{font-family:'Helvetica Neue',Arial,sans-serif}.b{font:700 12px/1.2 Georgia, serif}</style>" +
        '<div class="a" style="font-family:\'Comic Sans MS\', Inter, Missing">x</div>' +
        '<div style="font-family:monospace">y</div><div style="font-family:&quot;open sans&quot;">z</div>',
    });
    expect(prepared.missingFonts).toEqual(['Comic Sans MS', 'Helvetica Neue', 'Arial', 'Georgia']);
  });
});
