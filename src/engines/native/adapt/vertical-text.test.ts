import { selectAll } from 'css-select';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { needsChromium } from '../../auto.ts';
import { adaptForNative } from './adapt.ts';

const adapt = (html: string) => adaptForNative({ html }, { width: 1200, height: 630 });
/** The characters of each column written, right to left. */
const columns = (html: string): string[] =>
  selectAll('span[style^="display:flex;flex-direction:column"]', parseDocument(html)).map((column) =>
    textContent(column),
  );
const card = (item: string, css = '') =>
  `<div class="c"><style>.c{width:1200px;height:630px;box-sizing:border-box;padding:60px 80px;display:flex;flex-direction:row-reverse;font-family:Inter}.v{writing-mode:vertical-rl;font-size:72px;line-height:1.2}${css}</style>${item}</div>`;

describe('adapt: vertical-rl CJK text', () => {
  it('sets a stretched flex item in columns of the container inner height, right to left', () => {
    const { document, rewrites } = adapt(card('<div class="v">秋の京都、静かな寺めぐり</div>'));
    expect(rewrites).toEqual(['vertical-text']);
    // 630 - 2 * 60 = 510 px tall: 7 characters of 72 px per column, each column 1.2 * 72 px wide.
    expect(columns(document.html)).toEqual(['秋の京都、静か', 'な寺めぐり']);
    expect(document.html).toContain('width:86.4px');
    expect(document.html).toContain('style="display:flex;flex-direction:row-reverse;width:172.8px"');
    expect(document.html).toContain("font-feature-settings:'vert'");
    expect(document.html).not.toContain('writing-mode');
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('takes an own height in px, and line-height normal as the taller font rounded as Chromium does', () => {
    const { document } = adapt(
      '<div style="writing-mode:vertical-rl;height:200px;font-size:50px;font-family:Inter">一二三四五</div>',
    );
    expect(columns(document.html)).toEqual(['一二三四', '五']);
    // Noto Sans JP: ascent 1.16, descent 0.288 em: 58 + 14 px, taller than Inter's 48 + 12.
    expect(document.html).toContain('width:72px');
    expect(document.html).toContain('display:flex;flex-direction:row-reverse;width:144px"');
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('leaves what it cannot set exactly before layout, for Chromium', () => {
    for (const [item, css] of [
      ['<div class="v">Kyoto 京都</div>', ''], // Latin and spaces turn sideways
      ['<div class="v">京都<b>寺</b></div>', ''],
      ['<p class="v">京都</p>', ''], // UA margins become left and right margins
      ['<div class="v">京都</div>', '.v{padding:4px}'],
      ['<div class="v">京都</div>', '.c{letter-spacing:2px}'],
      ['<div class="v">京都</div>', '.c{align-items:center}'],
      ['<div class="v">京都</div>', '.v{text-orientation:sideways}'],
      ['<div class="v">京都</div>', '.v{writing-mode:vertical-lr}'],
      ['<div class="v">京都</div>', '.v::before{content:"*"}'],
      ['<div class="v">京都</div>', '.c{height:auto}'], // height not known before layout
      ['<div class="v">京都</div>', '.v{justify-content:center}'],
      ['<div class="v">京都</div>', '.c{text-decoration:underline}'],
      // 7 per column would start the second column with "、": Chromium moves a character along.
      ['<div class="v">秋の京都静かな、寺</div>', ''],
    ] as const) {
      const { document, rewrites } = adapt(card(item, css));
      expect({ item, css, rewrites }).toEqual({ item, css, rewrites: [] });
      expect(needsChromium(document.html).reasons).toContain('writing-mode');
    }
    const block = adapt('<div style="writing-mode:vertical-rl">京都</div>'); // no height anywhere
    expect(block.rewrites).toEqual([]);
  });

  it('keeps the rule while another element it styles is left as written', () => {
    const { document, rewrites } = adapt(card('<div class="v">京都</div><div class="v">Kyoto</div>'));
    expect(rewrites).toEqual(['vertical-text']);
    expect(columns(document.html)).toEqual(['京都']);
    expect(needsChromium(document.html).reasons).toEqual(['writing-mode']);
  });
});
