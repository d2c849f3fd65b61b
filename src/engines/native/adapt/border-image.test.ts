import { describe, expect, it } from 'vitest';
import { needsChromium } from '../../auto.ts';
import { adaptForNative } from './adapt.ts';
import { drawsAsGradient, parseBorderImage } from './border-image.ts';

const adapt = (html: string) => adaptForNative({ html }, { width: 1200, height: 630 });
const frame = (css: string) => `<style>.f{${css}}</style><div class="f">x</div>`;

describe('adapt: border-image with a gradient', () => {
  it('paints the gradient over the border area, with a transparent border, and leaves nothing for Chromium', () => {
    const { document, rewrites } = adapt(
      frame('border:24px solid;border-image:linear-gradient(135deg, #f43f5e, #3b82f6) 1'),
    );
    expect(rewrites).toEqual(['border-image']);
    expect(document.html).toContain(
      'style="border-color:transparent;background-image:linear-gradient(135deg, #f43f5e, #3b82f6);background-origin:border-box;background-clip:border-area"',
    );
    expect(document.html).not.toContain('border-image');
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('takes any gradient when the slices equal the border widths, and fill paints the middle too', () => {
    const exact = adapt(
      frame('border-width:10px 20px;border-style:solid;border-image:radial-gradient(red, blue) 10 20'),
    );
    expect(exact.rewrites).toEqual(['border-image']);
    expect(exact.document.html).toContain('background-clip:border-area');
    const fill = adapt(frame('border:8px solid red;border-image:conic-gradient(red, blue) 8 fill'));
    expect(fill.document.html).toContain('background-clip:border-box');
    expect(needsChromium(fill.document.html).needed).toBe(false);
  });

  it('leaves what the gradient over the border area would not draw, for Chromium', () => {
    for (const css of [
      'border:4px solid;border-image:linear-gradient(red, blue) 30', // slice wider than the border
      'border:24px solid;border-image:radial-gradient(red, blue) 1', // cut unevenly: not near
      'border:24px solid;border-image:url(a.png) 30',
      'border:24px solid;border-image:linear-gradient(red, blue) 10%',
      'border:24px solid;border-image:linear-gradient(red, blue) 1 / 2',
      'border:24px solid;border-image:linear-gradient(red, blue) 1 repeat',
      'border:24px solid;border-radius:8px;border-image:linear-gradient(red, blue) 1',
      'border:24px solid;background:#222;border-image:linear-gradient(red, blue) 1',
      'border:24px none;border-image:linear-gradient(red, blue) 1',
      'border:24px dashed;border-image:linear-gradient(red, blue) 1',
      'border:24px solid;border-top-width:2px;border-image:linear-gradient(red, blue) 1',
      'border:24px solid;border-image:linear-gradient(red, blue) 1;border-image-outset:4px',
    ]) {
      const { document, rewrites } = adapt(frame(css));
      expect({ css, rewrites }).toEqual({ css, rewrites: [] });
      expect(needsChromium(document.html).reasons).toContain('border-image');
    }
    // The border shorthand resets border-image: after it, or in another rule, it may have.
    for (const html of [
      '<style>.f{border-image:linear-gradient(red, blue) 1;border:24px solid}</style><div class="f">x</div>',
      '<style>.f{border-image:linear-gradient(red, blue) 1}.f.g{border:24px solid}</style><div class="f g">x</div>',
    ]) {
      expect(adapt(html).rewrites).toEqual([]);
    }
    const media = adapt(
      '<style>.f{border:24px solid}@media (min-width:1px){.f{border-image:linear-gradient(red, blue) 1}}</style><div class="f">x</div>',
    );
    expect(media.rewrites).toEqual([]);
  });

  it('keeps a rule that still styles an element it could not paint', () => {
    const { document, rewrites } = adapt(
      '<style>.f{border:24px solid;border-image:linear-gradient(red, blue) 1}.r{border-radius:9px}</style><div class="f">a</div><div class="f r">b</div>',
    );
    expect(rewrites).toEqual(['border-image']);
    expect(document.html).toContain('border-image:linear-gradient(red, blue) 1');
    expect(needsChromium(document.html).reasons).toEqual(['border-image']);
  });

  it('reads the shorthand and decides exact or near', () => {
    expect(parseBorderImage('linear-gradient(red, blue) 1 2 fill stretch')).toEqual({
      gradient: 'linear-gradient(red, blue)',
      slices: [1, 2, 1, 2],
      fill: true,
      stretch: true,
      linear: true,
    });
    expect(parseBorderImage('url(x.png) 1')).toBeUndefined();
    const image = parseBorderImage('linear-gradient(red, blue) 1')!;
    expect(drawsAsGradient(image, [24, 24, 24, 24])).toBe(true);
    expect(drawsAsGradient(image, [0, 24, 24, 24])).toBe(false);
    const radial = parseBorderImage('radial-gradient(red, blue) 24')!;
    expect(drawsAsGradient(radial, [24, 24, 24, 24])).toBe(true);
    expect(drawsAsGradient(radial, [30, 30, 30, 30])).toBe(false);
  });
});
