import { describe, expect, it } from 'vitest';
import { withoutEmptyImages } from './empty-images.ts';

describe('images without a source', () => {
  it('become empty boxes with the same attributes', () => {
    expect(withoutEmptyImages('<img src="" class="a" style="width:4px">')).toBe(
      '<div class="a" style="width:4px"></div>',
    );
    expect(withoutEmptyImages("<img class='a' src=' ' />")).toBe("<div class='a'></div>");
    expect(withoutEmptyImages('<p>x</p><img alt="none">')).toBe('<p>x</p><div alt="none"></div>');
  });

  it('leave images with a source alone', () => {
    const html = '<img src="data:image/png;base64,AAAA" alt="a > b"><img src=x.png>';
    expect(withoutEmptyImages(html)).toBe(html);
  });
});
