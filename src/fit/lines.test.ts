import { describe, expect, it } from 'vitest';
import type { MeasuredRun } from '../engines/types.ts';
import { countedLength, groupLines, lineSpacing } from './lines.ts';

const run = (text: string, y: number, height: number, x = 0): MeasuredRun => ({
  text,
  x,
  y,
  width: 10,
  height,
});

describe('lines from runs', () => {
  it('reads the line spacing from same-size runs on different lines, and none from one line', () => {
    expect(lineSpacing([run('a', -5, 60.48), run('b', 46.83, 60.48), run('c', 98.66, 60.48)])).toBeCloseTo(
      51.83,
    );
    expect(lineSpacing([run('a', 2, 24), run('b', 2, 24, 50)])).toBeNull();
  });

  it('keeps a larger or fallback-font run on the line it shares', () => {
    // "Lorem BIG more" on line one (BIG twice the size, on the same baseline), then two lines.
    const runs = [
      run('Lorem ', 9.6, 24.2),
      run('BIG', -9.8, 48.4, 65),
      run('text', 39.6, 24.2),
      run('around', 69.6, 24.2),
    ];
    const spacing = lineSpacing(runs);
    expect(spacing).toBeCloseTo(30);
    expect(groupLines(runs, spacing).map((line) => line.runs.map((r) => r.text))).toEqual([
      ['BIG', 'Lorem '],
      ['text'],
      ['around'],
    ]);
  });

  it('separates lines whose glyph boxes overlap (tall Arabic glyphs in a tight line height)', () => {
    // Glyph boxes 101 px tall on a 51.8 px line: centres are one line apart, boxes overlap.
    const words = [
      run('تخطيط', -24.95, 101.4, 900),
      run('النص', -24.95, 101.4, 780),
      run('الاجتماعية', 26.88, 101.4, 300),
    ];
    expect(groupLines(words, lineSpacing(words))).toHaveLength(2);
  });

  it('counts characters as drawn: no whitespace, case-folded as text-transform draws them', () => {
    expect(countedLength('Stra\u00dfe  ist\n da')).toBe(countedLength('STRASSE IST DA'));
    expect(countedLength('日本 語')).toBe(3);
  });
});
