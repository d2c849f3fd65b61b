import { selectAll } from 'css-select';
import { textContent } from 'domutils';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { needsChromium } from '../../auto.ts';
import { adaptForNative } from './adapt.ts';
import { breakLines } from './text-lines.ts';

const adapt = (html: string) => adaptForNative({ html }, { width: 1200, height: 630 });
const columns = (html: string): string[] =>
  selectAll('span[style^="display:block;flex-shrink:0"]', parseDocument(html)).map((c) => textContent(c));
const TEXT =
  'Multi-column layout flows one long text through several columns, the way a newspaper page does. Each column is filled to the height the text needs, balanced so that the columns end at about the same line, and a thin rule separates them.';
const card = (css: string, body = TEXT) =>
  `<div class="c"><style>.c{width:1200px;height:630px;box-sizing:border-box;padding:56px 72px;font-family:'Open Sans'}.b{column-count:3;column-gap:48px;column-rule:1px solid #d1d5db;font-size:22px;line-height:1.55}${css}</style><div class="b">${body}</div></div>`;

describe('adapt: multi-column text', () => {
  it('breaks the text into lines of the column width and balances them, ceil(lines / count) per column', () => {
    const { document, rewrites } = adapt(card(''));
    expect(rewrites).toEqual(['columns']);
    // (1056 - 2 * 48) / 3 = 320 px columns; 9 lines in Open Sans 22px (as Chromium breaks them): 3 each.
    expect(columns(document.html)).toEqual([
      'Multi-column layout flows one long text through several columns, the way a newspaper',
      'page does. Each column is filled to the height the text needs, balanced so that the',
      'columns end at about the same line, and a thin rule separates them.',
    ]);
    expect(document.html).toContain('width:320px');
    expect(document.html).toContain(
      '<span style="display:flex;justify-content:center;flex-shrink:0;width:48px"><span style="display:block;width:1px;background:#d1d5db"></span></span>',
    );
    expect(document.html).toContain('style="display:flex;row-gap:0;column-gap:0"');
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('leaves what it cannot lay out before layout, for Chromium', () => {
    for (const [css, body] of [
      ['.b{column-width:200px}', TEXT],
      ['.b{height:300px}', TEXT], // filled column by column, not balanced
      ['.b{padding:8px}', TEXT],
      ['.b{letter-spacing:1px}', TEXT],
      ['.c{text-align:justify}', TEXT],
      ['.c{display:flex}', TEXT], // the box's width comes from flex layout
      ['.b{column-rule:1px dashed red}', TEXT],
      ['', `${TEXT} <b>bold</b>`],
      ['', 'Too short to fill three columns.'], // a column with one line or none
      ['', '日本語のテキスト'], // not one font file
    ] as const) {
      const { document, rewrites } = adapt(card(css, body));
      expect({ css, body, rewrites }).toEqual({ css, body, rewrites: [] });
      expect(needsChromium(document.html).reasons).toContain('multi-column layout');
    }
  });
});

describe('breakLines', () => {
  const font = { family: "'Open Sans'", weight: 400, italic: false, size: 22 };
  it('breaks after spaces and after a hyphen between letters, as the line fills', () => {
    const text = 'Multi-column layout flows one long text';
    const lines = breakLines(text, font, 150)!;
    expect(lines.map((l) => text.slice(l.start, l.end))).toEqual([
      'Multi-column',
      'layout flows',
      'one long text',
    ]);
    const narrow = breakLines(text, font, 100)!;
    expect(narrow.map((l) => text.slice(l.start, l.end))[0]).toBe('Multi-');
  });

  it('gives no answer for a word wider than the line or a fit too close to call', () => {
    expect(breakLines('Incomprehensibilities', font, 60)).toBeUndefined();
    const lines = breakLines('ab cd', font, 1000)!;
    expect(lines).toHaveLength(1);
  });
});
