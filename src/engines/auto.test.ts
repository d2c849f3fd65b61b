import { describe, expect, it } from 'vitest';
import { needsChromium } from './auto.ts';

const reasons = (html: string) => needsChromium(html).reasons;
const styled = (css: string, body = '<div class="a">x</div>') => `<style>${css}</style>${body}`;

describe('needsChromium', () => {
  it('keeps an ordinary card on the native engine', () => {
    const card = styled(
      '.a{display:flex;gap:12px;background:linear-gradient(135deg,#000,#fff);box-shadow:0 4px 8px #0003;' +
        'transform:rotate(4deg) scale(1.1);border-radius:50%;filter:blur(2px);clip-path:circle(40%);' +
        'grid-template-columns:repeat(auto-fit,minmax(100px,1fr));grid-column:span 2;column-gap:8px;' +
        'width:calc(100% - 2em);font-size:4vw;-webkit-line-clamp:2;letter-spacing:.1em}' +
        '*{margin:0;padding:0;box-sizing:border-box} :root{--c:red} html,body{margin:0;height:100%}' +
        '.a::before{content:"\\201C"} @media (min-width:600px){.a{color:var(--c)}}',
      '<div class="a">column-count: 3; writing-mode: vertical-rl</div><script>x()</script>' +
        '<img src="data:image/png;base64,AAAA1chBBB2exCCCmin(max(clamp(">',
    );
    expect(needsChromium(card)).toEqual({ needed: false, reasons: [] });
  });

  it('sends vertical writing, columns and shape-outside to Chromium', () => {
    expect(reasons(styled('.a{writing-mode:vertical-rl}'))).toEqual(['writing-mode']);
    expect(reasons(styled('.a{writing-mode:horizontal-tb}'))).toEqual([]);
    expect(reasons(styled('.a{column-count:2}'))).toEqual(['multi-column layout']);
    expect(reasons(styled('.a{columns:12em 3}'))).toEqual(['multi-column layout']);
    expect(reasons(styled('.a{shape-outside:circle(50%)}'))).toEqual(['shape-outside']);
  });

  it('sends 3D transforms, but not 2D ones', () => {
    expect(reasons(styled('.a{perspective:800px}'))).toEqual(['3D transform']);
    expect(reasons('<div style="transform: rotateY(20deg)">x</div>')).toEqual(['3D transform']);
    expect(reasons('<div style="transform: translate3d(0,0,0)">x</div>')).toEqual(['3D transform']);
    expect(reasons('<div style="transform: rotate(20deg) translate(4px, 2px)">x</div>')).toEqual([]);
  });

  it('sends min(), max() and clamp() values and ch/ex units, not minmax() or hex colours', () => {
    expect(reasons(styled('h1{font-size:clamp(20px,5vw,60px)}'))).toEqual(['min()/max()/clamp()']);
    expect(reasons('<div style="width:min(300px, 80%)">x</div>')).toEqual(['min()/max()/clamp()']);
    expect(reasons(styled('.a{grid-template-columns:minmax(0,1fr) 2fr}'))).toEqual([]);
    expect(reasons(styled('p{max-width:40ch}'))).toEqual(['ch/ex units']);
    expect(reasons(styled('p{height:2.5ex}'))).toEqual(['ch/ex units']);
    expect(reasons(styled('p{color:#0ec;background:url(data:image/png;base64,9ch0ex)}'))).toEqual([]);
  });

  it('sends named grid areas, not numbered or spanned placement', () => {
    expect(reasons(styled('.g{grid-template-areas:"a b" "c d"}'))).toEqual(['named grid areas']);
    expect(reasons(styled('.g{grid-template:"a b" 1fr / 1fr 1fr}'))).toEqual(['named grid areas']);
    expect(reasons(styled('.h{grid-area:hero}'))).toEqual(['named grid areas']);
    expect(reasons(styled('.h{grid-area:1 / 1 / 3 / 3;grid-column:span 2;grid-row:auto}'))).toEqual([]);
  });

  it('sends border-image, display: contents, counters, first-letter/line, :has() and container queries', () => {
    expect(reasons(styled('.a{border-image:linear-gradient(red,blue) 1}'))).toEqual(['border-image']);
    expect(reasons(styled('.a{display:contents}'))).toEqual(['display: contents']);
    expect(reasons(styled('li::before{content:counter(step) ". "}'))).toEqual(['CSS counters']);
    expect(reasons(styled('p::first-letter{font-size:3em}'))).toEqual(['::first-letter/::first-line']);
    expect(reasons(styled('p:first-line{color:red}'))).toEqual(['::first-letter/::first-line']);
    expect(reasons(styled('.card:has(img){padding:0}'))).toEqual([':has()']);
    expect(reasons(styled('@container (min-width: 400px){.a{color:red}}'))).toEqual(['@container queries']);
  });

  it('sends SVG foreignObject', () => {
    expect(reasons('<svg><foreignObject width="10" height="10"><div>x</div></foreignObject></svg>')).toEqual([
      'SVG foreignObject',
    ]);
  });

  it('sends styles on html, body or :root that native loses, but not resets and custom properties', () => {
    expect(reasons(styled('body{background:#000;color:#fff}'))).toEqual(['styles on html/body']);
    expect(reasons(styled('html{font-size:20px}'))).toEqual(['styles on html/body']);
    expect(reasons(styled(':root{font-family:Lato}'))).toEqual(['styles on html/body']);
    expect(reasons(styled('body > .a{margin:0} body .a{color:red}'))).toEqual(['styles on html/body']);
    expect(reasons('<html><body style="background:red"><p>x</p></body></html>')).toEqual([
      'styles on html/body',
    ]);
    expect(
      reasons(styled('html, body { margin: 0 !important; padding: 0; height: 100%; overflow: hidden }')),
    ).toEqual([]);
    expect(reasons(styled(':root{--brand:#f00}.tbody{color:red}.a{color:var(--brand)}'))).toEqual([]);
  });

  it('finds rules inside @media, @supports and nested rules, and lists each reason once, in order', () => {
    const css =
      '@media (min-width:1px){@supports (display:grid){.a{writing-mode:vertical-lr}}} .b{& .c{column-count:2}}';
    const html = styled(css) + '<div style="writing-mode:vertical-rl"></div>';
    expect(needsChromium(html)).toEqual({ needed: true, reasons: ['writing-mode', 'multi-column layout'] });
  });

  it('ignores CSS in comments and in text', () => {
    expect(
      reasons(styled('/* .a{column-count:2} */ .a{color:red}', '<p>.a{writing-mode:vertical-rl}</p>')),
    ).toEqual([]);
    expect(reasons('<!-- <div style="column-count:2"></div> --><p>x</p>')).toEqual([]);
  });
});
