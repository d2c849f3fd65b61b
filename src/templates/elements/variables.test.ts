import { describe, expect, it } from 'vitest';
import { elementsSchema } from './variables.ts';

describe('elementsSchema', () => {
  it('lists every dynamic layer as <key>.text or <key>.img with its own value as default', () => {
    const doc = {
      width: 1080,
      height: 1080,
      elements: [
        { type: 'rectangle', x: 0, y: 0, width: 10, height: 10, dynamicKey: 'box' },
        { type: 'text', dynamicKey: 'title', name: 'Headline', text: 'Summer sale', x: 0, y: 0, width: 100 },
        { type: 'text', text: 'Not editable', x: 0, y: 0, width: 100 },
        {
          type: 'image',
          dynamicKey: 'hero',
          placeholder: 'Product photo',
          src: 'https://img.test/p.png',
          x: 0,
          y: 0,
          width: 10,
          height: 10,
        },
      ],
    };
    expect(elementsSchema(doc)).toEqual([
      { name: 'title.text', type: 'text', default: 'Summer sale', placeholder: 'Headline' },
      { name: 'hero.img', type: 'image', default: 'https://img.test/p.png', placeholder: 'Product photo' },
    ]);
  });

  it('is empty for a document without dynamic layers', () => {
    expect(elementsSchema({ width: 10, height: 10, elements: [] })).toEqual([]);
  });
});
