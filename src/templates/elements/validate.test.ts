import { describe, expect, it } from 'vitest';
import { isPlacardError, type PlacardError } from '../../errors/placard-error.ts';
import { validateElements } from './validate.ts';

const text = { type: 'text', text: 'Hello', x: 10, y: 20, width: 300 };
const doc = (elements: unknown[], extra: object = {}) => ({ width: 1200, height: 630, elements, ...extra });

function failure(value: unknown): PlacardError {
  try {
    validateElements(value);
  } catch (error) {
    if (isPlacardError(error)) return error;
    throw error;
  }
  throw new Error('expected validateElements to throw');
}

describe('validateElements', () => {
  it('fills in every default of a minimal document', () => {
    const resolved = validateElements(
      doc([text, { type: 'image', src: '', x: 0, y: 0, width: 10, height: 10 }]),
    );
    expect(resolved.elements[0]).toMatchObject({
      fontFamily: 'Inter',
      fontSize: 32,
      fontWeight: 400,
      align: 'left',
    });
    expect(resolved.elements[1]).toMatchObject({ fit: 'cover', borderRadius: 0, opacity: 1 });
  });

  it('does not change the document it was given', () => {
    const input = doc([{ ...text }]);
    validateElements(input);
    expect(input.elements[0]).not.toHaveProperty('fontFamily');
  });

  it('names the layer type it does not know, with the allowed types and what it received', () => {
    const error = failure(doc([text, { type: 'circle', x: 0, y: 0 }]));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(
      'elements[1].type must be one of "text", "image", "rectangle"; received "circle"',
    );
  });

  it('names an out-of-range size with its range', () => {
    expect(failure(doc([], { width: 5000 })).message).toContain(
      'width must be a number from 1 to 4096; received 5000',
    );
    const layer = failure(doc([{ ...text, fontSize: 2000 }]));
    expect(layer.message).toContain('elements[0].fontSize must be a number from 1 to 1000; received 2000');
    expect(layer.details).toEqual({
      errors: [
        expect.objectContaining({
          field: 'elements[0].fontSize',
          allowed: 'a number from 1 to 1000',
          received: '2000',
        }),
      ],
    });
  });

  it('refuses more than 200 layers', () => {
    const error = failure(doc(Array.from({ length: 201 }, () => text)));
    expect(error.message).toContain('elements must be a list of at most 200 items');
  });

  it('names missing and unknown fields', () => {
    const error = failure(doc([{ type: 'rectangle', x: 0, y: 0, width: 10, colour: 'red' }]));
    expect(error.message).toContain('elements[0].height is required');
    expect(error.message).toContain('elements[0].colour is not a known field');
  });

  it('keeps CSS values from breaking out of their declaration', () => {
    const fill = 'red;position:fixed';
    expect(failure(doc([{ type: 'rectangle', x: 0, y: 0, width: 1, height: 1, fill }])).message).toContain(
      'elements[0].fill must be a CSS colour or gradient',
    );
    const url = failure(doc([], { background: 'url(https://evil.test/x.png)' }));
    expect(url.message).toContain('background must be');
  });

  it('accepts colours and gradients', () => {
    const fill = 'linear-gradient(135deg, #0f172a 0%, rgba(76, 29, 149, 0.8) 100%)';
    expect(() =>
      validateElements(doc([{ type: 'rectangle', x: 0, y: 0, width: 1, height: 1, fill }])),
    ).not.toThrow();
  });

  it('only takes http(s) and data:image URLs for images', () => {
    const error = failure(
      doc([{ type: 'image', src: 'file:///etc/passwd', x: 0, y: 0, width: 1, height: 1 }]),
    );
    expect(error.message).toContain('elements[0].src must be an http(s) URL, a data:image URL or ""');
  });

  it('refuses a dynamicKey used twice, naming both layers', () => {
    const error = failure(
      doc([
        { ...text, dynamicKey: 'title' },
        { ...text, dynamicKey: 'title' },
      ]),
    );
    expect(error.message).toContain(
      'elements[1].dynamicKey must be unique; received "title", already used by elements[0]',
    );
  });

  it('refuses a document that is not an object', () => {
    expect(failure([]).code).toBe('VALIDATION_FAILED');
    expect(failure('x').message).toContain('must be an object');
  });
});
