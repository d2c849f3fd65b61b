import { describe, expect, it } from 'vitest';
import { initials } from './author.ts';

describe('author initials', () => {
  it('takes the first letter of the first two words, skipping punctuation', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('Pretext Engine Team')).toBe('PE');
    expect(initials('"Quote" <me>')).toBe('QM');
    expect(initials('émile zola')).toBe('ÉZ');
  });

  it('keeps graphemes whole and takes one character of a CJK name', () => {
    expect(initials('👩‍💻 dev')).toBe('👩‍💻D');
    expect(initials('山田 太郎')).toBe('山');
    expect(initials('أحمد')).toBe('أ');
  });
});
