import { describe, expect, it } from 'vitest';
import { PlacardError } from '../../errors/placard-error.ts';
import { createHtmlCompiler } from './compile.ts';

const compiler = createHtmlCompiler({ cacheSize: 10 });
const bind = (source: string, variables: Record<string, unknown> = {}) =>
  compiler.compile(source).bind(variables);

describe('Handlebars templates', () => {
  it('escapes {{var}} and leaves {{{var}}} raw', () => {
    expect(bind('<p>{{t}}</p>', { t: '<script>alert("x")</script>' })).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
    expect(bind('<p>{{{t}}}</p>', { t: '<b>bold</b>' })).toBe('<p><b>bold</b></p>');
  });

  it('renders missing variables and missing paths as empty text', () => {
    expect(bind('[{{a}}][{{a.b.c}}][{{uppercase a}}][{{truncate a 3}}][{{date a}}]')).toBe('[][][][][]');
  });

  it('has the helpers a card designer expects', () => {
    expect(bind('{{uppercase t}} {{lowercase t}} {{capitalize s}}', { t: 'MiXed', s: 'word' })).toBe(
      'MIXED mixed Word',
    );
    expect(bind('{{truncate t 5}}|{{truncate t 5 "..."}}|{{truncate t 50}}', { t: 'Hello world' })).toBe(
      'Hello…|Hello...|Hello world',
    );
    expect(bind('{{truncate t 2}}', { t: '👋🏽 hi' })).toBe('👋🏽…');
    expect(bind('{{default t "Untitled"}}|{{default u "Untitled"}}', { t: '', u: 'Set' })).toBe(
      'Untitled|Set',
    );
    expect(bind('{{date d "yyyy-MM-dd"}}|{{date d}}', { d: '2026-03-04T10:00:00Z' })).toBe(
      '2026-03-04|Mar 4, 2026',
    );
    expect(bind('{{date d}}', { d: 'not a date' })).toBe('not a date');
    expect(bind('{{#if (eq a "x")}}yes{{else}}no{{/if}}', { a: 'x' })).toBe('yes');
    expect(bind('{{join tags " · "}}', { tags: ['a', 'b'] })).toBe('a · b');
  });

  it('refuses prototype access from templates', () => {
    expect(bind('{{constructor.name}}|{{__proto__}}', { a: 1 })).toBe('|');
  });

  it('reports syntax errors with their line as TEMPLATE_COMPILE_FAILED', () => {
    let error: unknown;
    try {
      bind('<div>\n{{#each items}}\n<p>{{this}}</p>\n</div>');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlacardError);
    expect(error).toMatchObject({ code: 'TEMPLATE_COMPILE_FAILED', status: 400 });
    expect((error as Error).message).toMatch(/line \d/);
  });

  it('reports an unknown helper at bind time as TEMPLATE_COMPILE_FAILED', () => {
    expect(() => bind('{{nope "x"}}')).toThrow(/Missing helper: "?nope"?/);
  });
});
