import { describe, expect, it } from 'vitest';
import { PlacardError } from '../../errors/placard-error.ts';
import { styleToCss } from './style.ts';
import { maxTreeDepth, toHtml } from './to-html.ts';
import { fragmentType, type JsxNode } from './types.ts';

const el = (type: string, props: Record<string, unknown> = {}, ...children: JsxNode[]) => ({
  type,
  props,
  children,
});

describe('styleToCss', () => {
  it('turns camelCase into kebab-case and numbers into pixels', () => {
    expect(styleToCss({ fontSize: 48, marginTop: -4, backgroundColor: 'red', padding: 0 })).toBe(
      'font-size:48px;margin-top:-4px;background-color:red;padding:0',
    );
  });

  it('keeps numbers unitless where CSS wants them so', () => {
    expect(styleToCss({ lineHeight: 1.2, flexGrow: 1, opacity: 0.5, zIndex: 3, fontWeight: 700 })).toBe(
      'line-height:1.2;flex-grow:1;opacity:0.5;z-index:3;font-weight:700',
    );
  });

  it('handles vendor prefixes and custom properties', () => {
    expect(styleToCss({ WebkitLineClamp: 2, msTransform: 'none', '--accent': '#f00', '--gap': 4 })).toBe(
      '-webkit-line-clamp:2;-ms-transform:none;--accent:#f00;--gap:4',
    );
  });

  it('skips empty values and names that could break out of a declaration', () => {
    expect(styleToCss({ color: null, width: undefined, height: NaN, top: '', 'a:b;c': 'x', left: 1 })).toBe(
      'left:1px',
    );
    expect(styleToCss({})).toBeUndefined();
    expect(styleToCss('color: red')).toBe('color: red');
  });
});

describe('toHtml', () => {
  it('writes tags, attributes and style', () => {
    const html = toHtml(
      el('div', { className: 'card', id: 'x', style: { fontSize: 10 }, tabIndex: 2 }, 'hi'),
    );
    expect(html).toBe('<div class="card" id="x" style="font-size:10px" tabIndex="2">hi</div>');
  });

  it('escapes text so markup in props stays text', () => {
    expect(toHtml(el('p', {}, '<script>alert(1)</script> & "q"'))).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</p>',
    );
    expect(toHtml(el('img', { alt: '"><script>', src: 'a.png?x=1&y=2' }))).toBe(
      '<img alt="&quot;&gt;&lt;script&gt;" src="a.png?x=1&amp;y=2">',
    );
  });

  it('renders fragments as their children', () => {
    expect(toHtml(el(fragmentType, {}, el('b', {}, 'a'), 'text', el(fragmentType, {}, el('i'))))).toBe(
      '<b>a</b>text<i></i>',
    );
  });

  it('writes boolean attributes and skips false, null, objects and event handlers', () => {
    const html = toHtml(
      el('input', { disabled: true, checked: false, value: null, data: { a: 1 }, onClick: 'steal()' }),
    );
    expect(html).toBe('<input disabled>');
  });

  it('does not support dangerouslySetInnerHTML', () => {
    expect(toHtml(el('div', { dangerouslySetInnerHTML: { __html: '<b>x</b>' } }))).toBe('<div></div>');
  });

  it('leaves out elements that run code and keeps <style> raw but closed', () => {
    expect(toHtml(el('div', {}, el('script', {}, 'alert(1)'), el('iframe', { src: 'https://x' })))).toBe(
      '<div></div>',
    );
    expect(toHtml(el('style', {}, 'a > b { color: red } </style><script>'))).toBe(
      '<style>a > b { color: red } <\\/style><script></style>',
    );
  });

  it('renames React attribute names', () => {
    expect(
      toHtml(el('svg', { viewBox: '0 0 1 1' }, el('path', { strokeWidth: 2, fillRule: 'evenodd' }))),
    ).toBe('<svg viewBox="0 0 1 1"><path stroke-width="2" fill-rule="evenodd"></path></svg>');
  });

  it('refuses trees that are not elements', () => {
    for (const bad of [
      42,
      null,
      { type: 'div' + '"' },
      { type: 'div', children: 'x' },
      { type: 'div', children: [7] },
    ]) {
      expect(() => toHtml(bad)).toThrow(PlacardError);
    }
  });

  it('refuses trees nested deeper than the limit instead of overflowing the host stack', () => {
    let tree: JsxNode = 'leaf';
    for (let i = 0; i <= maxTreeDepth + 1; i++) tree = el('div', {}, tree);
    expect(() => toHtml(tree)).toThrow(/nest at most/);
  });
});
