import { describe, expect, it } from 'vitest';
import { estimateLines, fitFontSize } from './fit.ts';

describe('text fit estimate', () => {
  it('counts wrapped lines, more for longer text and bigger sizes', () => {
    expect(estimateLines('', 48, 1000)).toBe(0);
    expect(estimateLines('Short title', 48, 1000)).toBe(1);
    const long = 'Server-Side Text Layout Without a Browser: How We Replaced Puppeteer With Pure Measurement';
    expect(estimateLines(long, 48, 1000)).toBeGreaterThanOrEqual(2);
    expect(estimateLines(long, 72, 1000)).toBeGreaterThan(estimateLines(long, 48, 1000));
  });

  it('wraps CJK text without spaces', () => {
    expect(estimateLines('日本語のタイトルがここに入ります、長めの文章です', 48, 500)).toBeGreaterThanOrEqual(
      3,
    );
  });

  it('finds the largest size that fits, never below the minimum', () => {
    const text = 'A title long enough to need more than one line at a large size';
    const size = fitFontSize({ text, size: 72, min: 28, width: 1000, maxLines: 2 });
    expect(size).toBeLessThan(72);
    expect(estimateLines(text, size, 1000)).toBeLessThanOrEqual(2);
    expect(estimateLines(text, size + 1, 1000)).toBeGreaterThan(2);
    expect(fitFontSize({ text: text.repeat(20), size: 72, min: 28, width: 1000, maxLines: 1 })).toBe(28);
    expect(fitFontSize({ text: 'Hi', size: 48, min: 28, width: 1000, maxLines: 1 })).toBe(48);
  });
});
