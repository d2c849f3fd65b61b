import { describe, expect, it } from 'vitest';
import { needsChromium } from '../../auto.ts';
import { fontSet } from '../../../fonts/font-set.ts';
import { adaptForNative } from './adapt.ts';

const viewport = { width: 1200, height: 630 };
const adapt = (html: string, size = viewport) => adaptForNative({ html }, size);
const css = (html: string): string =>
  /<style[^>]*>([\s\S]*?)<\/style>/.exec(adapt(html).document.html)?.[1] ?? '';

describe('adaptForNative', () => {
  it('resolves min(), max(), clamp() and calc() of viewport units and rem to pixels', () => {
    const out = css(
      '<style>.a{padding:clamp(24px, 5vw, 72px);margin:max(1rem, 2vh) calc(10px + 1vw);gap:min(10vmin, 2rem)}</style><div class="a"></div>',
    );
    expect(out).toContain('padding:60px');
    expect(out).toContain('margin:16px 22px');
    expect(out).toContain('gap:32px');
  });

  it('follows the viewport it is given', () => {
    const html = '<style>.a{font-size:clamp(12px, 4vw, 60px)}</style><div class="a">x</div>';
    expect(adapt(html, { width: 500, height: 500 }).document.html).toContain('font-size:20px');
    expect(adapt(html, { width: 2000, height: 500 }).document.html).toContain('font-size:60px');
  });

  it('resolves em against the element font size, and a font-size em against the parent', () => {
    const out = css(
      '<style>.p{font-size:20px}.c{font-size:clamp(1rem, 3em, 5rem);padding:max(1em, 10px)}</style><div class="p"><div class="c">x</div></div>',
    );
    expect(out).toContain('font-size:60px');
    expect(out).toContain('padding:60px');
  });

  it('turns ch and ex into pixels from the font (Inter: "0" is 1292/2048 em, x-height 1118/2048)', () => {
    const out = css('<style>p{font-family:Inter;font-size:64px;max-width:18ch;height:2ex}</style><p>x</p>');
    expect(out).toContain(`max-width:${Math.round(18 * (1292 / 2048) * 64 * 10000) / 10000}px`);
    expect(out).toContain(`height:${Math.round(2 * (1118 / 2048) * 64 * 10000) / 10000}px`);
  });

  it("keeps the document's fonts and emoji, and leaves ch in an account font as written", () => {
    const face = {
      id: 'f1',
      family: 'Brand Mono',
      weight: 400,
      style: 'normal' as const,
      load: async () => new Uint8Array(),
    };
    const fonts = fontSet([face]);
    const html = (family: string) =>
      `<style>p{font-family:${family}, Inter;font-size:64px;max-width:min(18ch, 90vw)}</style><p>x 🚀</p>`;
    const own = adaptForNative({ html: html("'Brand Mono'"), fonts, emoji: 'fluent' }, viewport);
    expect(own.document.fonts).toBe(fonts);
    expect(own.document.emoji).toBe('fluent');
    expect(own.document.html).toContain('min(18ch, 90vw)'); // its "0" is not Inter's: Chromium draws it
    expect(needsChromium(own.document.html).needed).toBe(true);
    // A family the account does not have falls back to Inter in both engines: measured as Inter.
    const other = adaptForNative({ html: html("'Other Mono'"), fonts, emoji: 'fluent' }, viewport);
    expect(other.document.html).toContain(
      `max-width:${Math.round(18 * (1292 / 2048) * 64 * 10000) / 10000}px`,
    );
    expect(other.document).toMatchObject({ fonts, emoji: 'fluent' });
  });

  it('writes width: min(L, P%) as P% with a max-width, unless the element has its own', () => {
    expect(css('<style>.a{width:min(900px, 80%)}</style><div class="a"></div>')).toContain(
      'width:80%;\nmax-width:900px'.replace('\n', ''),
    );
    const kept = '<style>.a{width:min(900px, 80%)}.a.b{max-width:500px}</style><div class="a b"></div>';
    expect(css(kept)).toContain('min(900px, 80%)');
    expect(needsChromium(adapt(kept).document.html).reasons).toContain('min()/max()/clamp()');
  });

  it('leaves what has no exact value before layout, so auto still sends it to Chromium', () => {
    const html = '<style>.a{padding:min(5%, 40px)}</style><div class="a"></div>';
    expect(adapt(html).rewrites).toEqual([]);
    expect(needsChromium(adapt(html).document.html).needed).toBe(true);
  });

  it('gives a fragment that styles html or body a page with both, as Chromium does', () => {
    const { document, rewrites } = adapt('<style>body{background:#123;color:#fff}</style><p>x</p>');
    expect(rewrites).toEqual(['page']);
    expect(document.html).toMatch(
      /^<html><body data-placard-page><style>html,body\{height:100%\}body\{margin:0\}<\/style>/,
    );
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('writes named grid areas as line numbers and drops the template when the tracks already size the grid', () => {
    const out = css(
      "<style>.g{display:grid;grid-template-columns:1fr 1fr;grid-template-rows:1fr 1fr;grid-template-areas:'a b' 'a c'}.x{grid-area:a}.y{grid-row:c}.z{grid-column:b-start / b-end}</style><div class='g'><i class='x'></i><i class='y'></i><i class='z'></i></div>",
    );
    expect(out).toContain('grid-area:1 / 1 / 3 / 2');
    expect(out).toContain('grid-row:2 / 3');
    expect(out).toContain('grid-column:2 / 3');
    expect(out).not.toContain('grid-template-areas');
  });

  it('leaves an area name two templates place differently', () => {
    const html =
      "<style>.g{grid-template-areas:'a b'}.h{grid-template-areas:'b a'}.x{grid-area:a}</style><div class='g'><i class='x'></i></div>";
    expect(css(html)).toContain('grid-area:a');
  });

  it('numbers counters in document order, with nested resets and counter styles', () => {
    const { document } = adapt(
      "<style>.s{counter-reset:n}.i{counter-increment:n}.i::before{content:'#' counter(n, upper-roman) ': '}</style><div class='s'><p class='i'>a</p><p class='i'>b</p></div><div class='s'><p class='i'>c</p></div>",
    );
    expect(document.html).toContain('content:var(--placard-content-0)');
    const values = [...document.html.matchAll(/--placard-content-0: (&quot;[^;]*&quot;)/g)].map((m) => m[1]);
    expect(values).toEqual(['&quot;#I: &quot;', '&quot;#II: &quot;', '&quot;#I: &quot;']);
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('flattens display: contents, but not when a selector would match differently', () => {
    const flat = adapt(
      '<style>.row{display:flex}.w{display:contents}.t{flex:1}</style><div class="row"><div class="w"><div class="t">a</div></div></div>',
    );
    expect(flat.rewrites).toEqual(['contents']);
    expect(flat.document.html).toContain('<div class="row"><div class="t">a</div></div>');
    expect(needsChromium(flat.document.html).needed).toBe(false);
    const child = adapt(
      '<style>.row{display:flex}.w{display:contents}.w > .t{flex:1}</style><div class="row"><div class="w"><div class="t">a</div></div></div>',
    );
    expect(child.rewrites).toEqual([]);
    expect(needsChromium(child.document.html).reasons).toContain('display: contents');
  });

  it('returns the same document when there is nothing to rewrite', () => {
    const document = { html: '<div style="color:red">x</div>' };
    expect(adaptForNative(document, viewport).document).toBe(document);
    expect(adaptForNative({ html: '<p>no css</p>' }, viewport).rewrites).toEqual([]);
  });
});

describe('adaptForNative: SVG foreignObject', () => {
  const svg = (viewBox: string) =>
    `<style>.c{display:flex}</style><div class="c"><svg width="400" height="200" viewBox="${viewBox}"><rect width="400" height="200" fill="red"/><foreignObject x="20" y="30" width="300" height="100"><div xmlns="http://www.w3.org/1999/xhtml">Hi</div></foreignObject></svg></div>`;

  it('lifts the HTML of a 1:1 SVG out, over the SVG, in the same rectangle', () => {
    const { document, rewrites } = adapt(svg('0 0 400 200'));
    expect(rewrites).toEqual(['foreign-object']);
    expect(document.html).toContain(
      '<div style="display:inline-block;position:relative;width:400px;height:200px"><svg width="400" height="200" viewBox="0 0 400 200" style="display:block">',
    );
    expect(document.html).toContain(
      '<div style="position:absolute;left:20px;top:30px;width:300px;height:100px;overflow:hidden"><div xmlns="http://www.w3.org/1999/xhtml">Hi</div></div>',
    );
    expect(needsChromium(document.html).needed).toBe(false);
  });

  it('leaves a scaled SVG for Chromium', () => {
    const { document, rewrites } = adapt(svg('0 0 200 100'));
    expect(rewrites).toEqual([]);
    expect(needsChromium(document.html).reasons).toEqual(['SVG foreignObject']);
  });
});
