import { describe, expect, it } from 'vitest';
import { deriveHtmlSchema } from './schema.ts';

const names = (source: string) => deriveHtmlSchema(source).variables.map((v) => `${v.name}:${v.type}`);

describe('HTML template schema', () => {
  it('lists every top-level name once, typed by where it is used', () => {
    const source = `
      <img src="{{avatar}}"><div style="background: url('{{cover}}'); color: {{ink}}">{{title}} {{title}}</div>
      <p style="border-top-color:{{line}}">{{{description}}} {{author.name}}</p>`;
    expect(names(source)).toEqual([
      'avatar:image',
      'cover:image',
      'ink:colour',
      'title:text',
      'line:colour',
      'description:text',
      'author:text',
    ]);
  });

  it('counts helper arguments and block conditions, not helper names', () => {
    expect(
      names('{{uppercase name}} {{truncate body 40}} {{#if show}}{{label}}{{else}}{{fallback}}{{/if}}'),
    ).toEqual(['name:text', 'body:text', 'show:text', 'label:text', 'fallback:text']);
  });

  it('does not list names read relative to an each or with block', () => {
    const schema = deriveHtmlSchema(
      '{{#each items}}{{this.title}}{{price}}{{/each}}{{#with author}}{{name}}{{/with}}',
    );
    expect(schema.variables.map((v) => v.name)).toEqual(['items', 'author']);
    expect(schema.open).toBe(false);
  });

  it('is open when names are looked up at render time', () => {
    expect(deriveHtmlSchema('{{lookup labels key}}').open).toBe(true);
    expect(deriveHtmlSchema('{{#each xs}}{{@root.title}}{{/each}}').open).toBe(true);
  });
});
