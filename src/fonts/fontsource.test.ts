import { describe, expect, it } from 'vitest';
import { parseFontFaces, parseUnicodeRange } from './fontsource.ts';

describe('fontsource CSS', () => {
  it('reads family, weight, style, WOFF2 file and ranges from each @font-face', () => {
    const css = `/* inter-latin-700-italic */
@font-face {
  font-family: 'Inter';
  font-style: italic;
  font-display: swap;
  font-weight: 700;
  src: url(./files/inter-latin-700-italic.woff2) format('woff2'), url(./files/inter-latin-700-italic.woff) format('woff');
  unicode-range: U+0000-00FF,U+0131;
}`;
    expect(parseFontFaces(css, '/pkg')).toEqual([
      {
        family: 'Inter',
        weight: 700,
        style: 'italic',
        file: '/pkg/files/inter-latin-700-italic.woff2',
        unicodeRange: [
          [0, 0xff],
          [0x131, 0x131],
        ],
      },
    ]);
  });

  it('expands wildcards and sorts and merges ranges so they can be searched', () => {
    expect(parseUnicodeRange('U+4??, U+0131, U+0000-00FF, U+0100-0120')).toEqual([
      [0, 0x120],
      [0x131, 0x131],
      [0x400, 0x4ff],
    ]);
    expect(parseUnicodeRange('')).toEqual([]);
  });
});
