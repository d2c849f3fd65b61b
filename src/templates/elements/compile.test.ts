import { describe, expect, it } from 'vitest';
import { isPlacardError } from '../../errors/placard-error.ts';
import { compileElements } from './compile.ts';

const doc = {
  width: 800,
  height: 400,
  background: '#101828',
  elements: [
    { type: 'rectangle', x: 0, y: 0, width: 800, height: 8, fill: '#38ef7d' },
    { type: 'text', dynamicKey: 'title', text: 'Default title', x: 40, y: 40, width: 720, maxLines: 2 },
    {
      type: 'image',
      dynamicKey: 'hero',
      src: 'https://img.test/default.png',
      x: 500,
      y: 100,
      width: 200,
      height: 200,
    },
    { type: 'text', text: 'Static footer', x: 40, y: 340, width: 400, color: '#94a3b8' },
  ],
};
const bind = compileElements(doc);

describe('compileElements', () => {
  it('draws layers absolutely inside a relative root of the document size, first layer at the back', () => {
    const { html } = bind();
    expect(html).toMatch(
      /^<div class="elements" style="position:relative;width:800px;height:400px;overflow:hidden/,
    );
    const order = ['rectangle-layer', 'Default title', 'default.png', 'Static footer'].map((s) =>
      html.indexOf(s),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('position:absolute;left:40px;top:40px;width:720px');
  });

  it('binds <key>.text and <key>.img, and plain <key> as text', () => {
    const { html } = bind({ 'title.text': 'Summer sale', 'hero.img': 'https://img.test/hero.jpg' });
    expect(html).toContain('>Summer sale</div>');
    expect(html).toContain('src="https://img.test/hero.jpg"');
    expect(html).not.toContain('Default title');
    expect(bind({ title: 'Short form' }).html).toContain('>Short form</div>');
  });

  it("keeps each layer's own text and image when the data leaves them out", () => {
    const { html } = bind({});
    expect(html).toContain('>Default title</div>');
    expect(html).toContain('src="https://img.test/default.png"');
  });

  it('escapes bound text and URLs', () => {
    const { html } = bind({
      'title.text': '<img src=x onerror=alert(1)> & "q"',
      'hero.img': 'https://img.test/a.png?x="><b>',
    });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('src="https://img.test/a.png?x=&quot;&gt;&lt;b&gt;"');
  });

  it('clamps a text layer with maxLines and marks it for the fit report', () => {
    const { html } = bind();
    expect(html).toContain('data-fit="title"');
    expect(html).toContain('-webkit-line-clamp:2;line-clamp:2;overflow:hidden');
  });

  it('refuses an unknown key, a text value for an image and a bad image URL, naming each', () => {
    let error: unknown;
    try {
      bind({ 'subtitle.text': 'x', 'hero.img': 'javascript:alert(1)', 'title.text': { nested: true } });
    } catch (caught) {
      error = caught;
    }
    expect(isPlacardError(error) && error.code).toBe('VALIDATION_FAILED');
    const message = (error as Error).message;
    expect(message).toContain('subtitle.text is not a dynamic element; allowed: one of title.text, hero.img');
    expect(message).toContain(
      'hero.img must be an http(s) URL or a data:image URL; received "javascript:alert(1)"',
    );
    expect(message).toContain('title.text must be text of at most 5000 characters');
  });

  it('can ignore unknown keys when asked', () => {
    expect(compileElements(doc, { unknownKeys: 'ignore' })({ other: 'x' }).html).toContain('Default title');
  });

  it('marks right-to-left text', () => {
    expect(bind({ 'title.text': 'مرحبا بالعالم' }).html).toContain('dir="rtl"');
  });
});
