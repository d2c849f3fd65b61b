import { describe, expect, it } from 'vitest';
import { isPlacardError, type PlacardError } from '../../errors/placard-error.ts';
import { presetNames, presets } from './index.ts';

const sizes = [
  [1200, 630],
  [1200, 675],
  [1200, 627],
  [1080, 1080],
  [1080, 1920],
] as const;
const card = {
  title: 'Building in the Open',
  description: 'Notes from a year.',
  author: 'Ada Lovelace',
  tag: 'Essay',
};

function failure(run: () => unknown): PlacardError {
  try {
    run();
  } catch (error) {
    if (isPlacardError(error)) return error;
    throw error;
  }
  throw new Error('expected a PlacardError');
}

describe('presets', () => {
  it('has the four OG Engine templates', () => {
    expect(presetNames).toEqual(
      expect.arrayContaining(['default', 'social-card', 'blog-hero', 'email-banner']),
    );
    for (const name of presetNames) expect(presets[name]?.name).toBe(name);
  });

  describe.each(presetNames)('%s', (name) => {
    const preset = presets[name]!;

    it.each(sizes)('compiles at %ix%i to a root of exactly that size', (width, height) => {
      const { html } = preset.compile(card, { width, height });
      expect(html).toContain(`width:${width}px;height:${height}px`);
      expect(html).toContain('class="title" data-fit="title"');
      expect(html).toContain('class="description" data-fit="description"');
      expect(html).toContain('Ada Lovelace');
    });

    it('escapes every value it draws', () => {
      const evil = '<script>alert("x")</script>';
      const { html } = preset.compile({ title: evil, description: evil, author: evil, tag: evil });
      expect(html).not.toContain('<script>');
      expect(html.split('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;').length - 1).toBe(4);
    });

    it('draws the background image cover-fit under the overlay, escaped', () => {
      const { html } = preset.compile({
        ...card,
        backgroundImage: 'https://img.test/a.jpg?x="y"',
        overlayOpacity: 0.4,
      });
      expect(html).toMatch(
        /<img class="background" src="https:\/\/img.test\/a.jpg\?x=&quot;y&quot;"[^>]*object-fit:cover/,
      );
      expect(html).toContain('rgba(12,15,26,0.4)');
    });

    it('leaves out the parts that have no text', () => {
      const { html } = preset.compile({ title: 'Only a title' });
      expect(html).not.toContain('class="description"');
      expect(html).not.toContain('class="author"');
      expect(html).not.toContain('class="tag"');
    });

    it('uses its default size when given none', () => {
      expect(preset.compile(card).html).toContain(
        `width:${preset.defaults.width}px;height:${preset.defaults.height}px`,
      );
    });
  });

  it("clamps title and description at the format's lines, or at the lines asked for", () => {
    const preset = presets.default!;
    expect(preset.compile(card, { width: 1200, height: 630 }).html).toMatch(
      /line-clamp:3;[^"]*"[^>]*>Building/,
    );
    expect(preset.compile(card, { width: 1080, height: 1920 }).html).toMatch(
      /line-clamp:5;[^"]*"[^>]*>Building/,
    );
    const asked = preset.compile({ ...card, maxTitleLines: 2, maxDescLines: 1 }).html;
    expect(asked).toMatch(/line-clamp:2;[^"]*"[^>]*>Building/);
    expect(asked).toMatch(/line-clamp:1;[^"]*"[^>]*>Notes/);
  });

  it('scales sizes with max(width, height) / 1200', () => {
    const preset = presets.default!;
    expect(preset.compile({ title: 'T', titleSize: 50 }, { width: 1200, height: 630 }).html).toContain(
      'font-size:50px',
    );
    expect(preset.compile({ title: 'T', titleSize: 50 }, { width: 1080, height: 1920 }).html).toContain(
      'font-size:80px',
    );
  });

  it('shrinks a long title with autoFit instead of cutting it', () => {
    const title =
      'A very long title that goes on and on about many things, then keeps going, and will certainly not fit on three lines at seventy-two pixels';
    const fitted = presets.default!.compile({ title, titleSize: 72, autoFit: true }).html;
    const size = Number(/class="title"[^>]*font-size:([\d.]+)px/.exec(fitted)?.[1]);
    expect(size).toBeLessThan(72);
    expect(size).toBeGreaterThanOrEqual(28);
  });

  it('refuses bad style values, naming the field, what is allowed and what was received', () => {
    const preset = presets['social-card']!;
    const error = failure(() =>
      preset.compile({
        title: 'x',
        titleSize: 100,
        descSize: 'big',
        accent: 'green',
        layout: 'top',
        gradient: 'sunset',
      }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('titleSize must be a number from 28 to 72; received 100');
    expect(error.message).toContain('descSize must be a number from 14 to 32; received "big"');
    expect(error.message).toContain('accent must be a hex colour (#rrggbb or #rgb); received "green"');
    expect(error.message).toContain('layout must be one of left, center, bottom; received "top"');
    expect(error.message).toContain(
      'gradient must be one of void, deep-sea, ember, forest, plum, slate; received "sunset"',
    );
    expect(failure(() => preset.compile({ overlayOpacity: 0.1 })).message).toContain(
      'overlayOpacity must be a number from 0.2 to 0.9; received 0.1',
    );
    expect(failure(() => preset.compile({ font: 'Comic Sans' })).message).toContain(
      'font must be one of Outfit, Inter',
    );
    expect(failure(() => preset.compile({ title: 'x'.repeat(201) })).message).toContain(
      'title must be text of at most 200 characters',
    );
    expect(failure(() => preset.compile({ colour: 'red' })).message).toContain(
      'colour is not a preset variable',
    );
    expect(failure(() => preset.compile({}, { width: 0, height: 630 })).message).toContain('width must be');
  });

  it('reads numbers and switches given as strings, and font names in any case', () => {
    const { html } = presets.default!.compile({
      title: 'T',
      titleSize: '60',
      autoFit: 'false',
      font: 'noto sans ar',
    });
    expect(html).toContain('font-size:60px');
    expect(html).toContain('Noto Sans Arabic');
  });

  it('lists the card and style fields in its variable schema', () => {
    const names = presets['blog-hero']!.variables.map((v) => v.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'title',
        'description',
        'author',
        'tag',
        'accent',
        'font',
        'titleSize',
        'descSize',
      ]),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'layout',
        'gradient',
        'overlayOpacity',
        'autoFit',
        'maxTitleLines',
        'backgroundImage',
      ]),
    );
    const byName = new Map(presets['blog-hero']!.variables.map((v) => [v.name, v]));
    expect(byName.get('accent')).toMatchObject({ type: 'colour', default: '#38ef7d' });
    expect(byName.get('titleSize')).toMatchObject({ type: 'number', default: 48, min: 28, max: 72 });
    expect(byName.get('gradient')?.options).toEqual(['void', 'deep-sea', 'ember', 'forest', 'plum', 'slate']);
    expect(byName.get('backgroundImage')).toMatchObject({ type: 'image', default: '' });
    expect(byName.get('title')).toMatchObject({ type: 'text', default: '' });
  });

  it('lays Arabic out right to left', () => {
    expect(presets.default!.compile({ title: 'مرحبا بالعالم' }).html).toContain('dir="rtl"');
  });
});
