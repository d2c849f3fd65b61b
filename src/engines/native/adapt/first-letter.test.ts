import { describe, expect, it } from 'vitest';
import { needsChromium } from '../../auto.ts';
import { adaptForNative } from './adapt.ts';

const adapt = (html: string) => adaptForNative({ html }, { width: 1200, height: 630 });
const STORY =
  'Once upon a time, in a valley between two green hills, there lived a printer who set every page by hand.';
const card = (css: string, story = STORY, tag = 'div') =>
  `<div class="c"><style>.c{width:1200px;height:630px;box-sizing:border-box;padding:72px 96px;font-family:'Playfair Display'}.s{font-size:30px;line-height:1.5}${css}</style><${tag} class="s">${story}</${tag}></div>`;
const DROP =
  '.s::first-letter{float:left;font-size:150px;line-height:0.8;padding:12px 16px 0 0;color:#b91c1c;font-weight:700}';
const SMALL_CAPS = '.s::first-line{font-variant:small-caps;letter-spacing:0.05em}';

describe('adapt: ::first-letter and ::first-line', () => {
  it('wraps the first letter in the first line, and breaks after the words the first line holds', () => {
    const { document, rewrites } = adapt(card(DROP + SMALL_CAPS));
    expect(rewrites).toEqual(['first-letter']);
    // 1008 px less the float (the bold O's 118.95 px, 1.5 px letter-spacing, 16 px padding): in small
    // capitals (Playfair has no smcp: capitals at 0.7 size, as Chromium draws them) "there" fits,
    // "lived" does not.
    expect(document.html).toContain(
      '<div class="s"><span style="font-variant:small-caps;letter-spacing:0.05em"><span style="float:left;font-size:150px;line-height:0.8;padding:12px 16px 0 0;color:#b91c1c;font-weight:700">O</span>nce upon a time, in a valley between two green hills, there</span><br>lived a printer',
    );
    expect(document.html).not.toContain('first-l');
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('takes a first letter alone and a first line alone', () => {
    const letter = adapt(card(DROP));
    expect(letter.rewrites).toEqual(['first-letter']);
    expect(letter.document.html).toContain('<div class="s"><span><span style="float:left;');
    const line = adapt(card(SMALL_CAPS));
    expect(line.document.html).toContain(
      '<span style="font-variant:small-caps;letter-spacing:0.05em">Once upon a time, in a valley between two green hills,',
    );
    expect(needsChromium(line.document.html).needed).toBe(false);
  });

  it('leaves what it cannot decide before layout, for Chromium', () => {
    for (const [css, story, tag] of [
      [DROP.replace('float:left', 'float:right'), STORY, 'div'],
      [DROP.replace('float:left;', ''), STORY, 'div'], // an inline first letter
      [DROP + '.s::first-letter{margin:4px}', STORY, 'div'], // two rules
      ['.s::first-line{text-transform:uppercase}', STORY, 'div'],
      [DROP, `“${STORY}”`, 'div'], // punctuation joins the first letter
      [DROP, `${STORY} <em>end</em>`, 'div'],
      [DROP, STORY, 'p'], // UA margins
      [DROP + '.c{display:flex}', STORY, 'div'], // width from flex layout
      ['@media (min-width:1px){.s::first-line{color:red}}', STORY, 'div'],
    ] as const) {
      const { document, rewrites } = adapt(card(css, story, tag));
      expect({ css, story, rewrites }).toEqual({ css, story, rewrites: [] });
      expect(needsChromium(document.html).reasons).toContain('::first-letter/::first-line');
    }
  });

  it('keeps a rule that still styles an element it did not rewrite', () => {
    const html = card(DROP).replace('</div></div>', `</div><div class="s">“${STORY}”</div></div>`);
    const { document, rewrites } = adapt(html);
    expect(rewrites).toEqual(['first-letter']);
    expect(document.html).toContain('::first-letter');
  });
});
