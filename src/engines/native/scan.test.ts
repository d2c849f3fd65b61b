import { describe, expect, it } from 'vitest';
import { fromHtml } from 'takumi-js/helpers/html';
import { cssUrls, missingFamilies, scanDocument } from './scan.ts';

const scan = (html: string) => {
  const { node, css } = fromHtml(html);
  return scanDocument(node, css);
};

describe('document scan', () => {
  it('lists img sources and url() in inline styles and <style>, in order, once each', () => {
    const { urls } = scan(
      '<style>.a{background:url("https://a.test/bg.png")} @font-face{font-family:X;src:url(https://a.test/x.woff2)}</style>' +
        '<div class="a" style="background-image:url(\'https://a.test/inline.png\'), url(#clip)">' +
        '<img src="https://a.test/photo.jpg"><img src="https://a.test/photo.jpg"><img src="data:image/png;base64,AA"></div>',
    );
    expect(urls).toEqual([
      'https://a.test/inline.png',
      'https://a.test/photo.jpg',
      'data:image/png;base64,AA',
      'https://a.test/bg.png',
    ]);
  });

  it('reads url() values with any quoting', () => {
    expect(cssUrls(`url(a.png) url( "b.png" ) url('c d.png') url()`)).toEqual(['a.png', 'b.png', 'c d.png']);
  });

  it('collects font-family lists from styles, stylesheets and the font shorthand', () => {
    const { familyLists } = scan(
      '<style>p{font-family:Lato}.x{font:italic 700 20px/1.5 "Foo Bar", serif}</style>' +
        '<div style="font-family:Roboto, sans-serif;font:bold 12px Baz">x</div>',
    );
    expect(familyLists).toEqual(['Roboto, sans-serif', 'Baz', 'Lato', '"Foo Bar", serif']);
  });

  it('counts a family as missing only if the browser would have tried it', () => {
    expect(missingFamilies(["'Comic Sans MS', Inter, Other", 'Inter, Other', 'monospace, Other'])).toEqual([
      'Comic Sans MS',
    ]);
    expect(missingFamilies(['-apple-system, "Segoe UI", Roboto', 'segoe ui'])).toEqual([
      '-apple-system',
      'Segoe UI',
    ]);
    expect(missingFamilies(['var(--font), Foo', 'Inter !important'])).toEqual([]);
  });
});
