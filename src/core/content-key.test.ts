import { describe, expect, it } from 'vitest';
import { contentKey, drawingKey } from './content-key.ts';

const base = { engine: 'auto', enginesVersion: 'takumi@2.16.3', tailwindVersion: '4.3.5' };
const options = { width: 1200, height: 630 } as unknown as Parameters<typeof contentKey>[0]['options'];
const key = (engine: string) => contentKey({ template: 'tpl@1', variables: { a: 1 }, options, engine });

describe('the drawing part of a render key', () => {
  it('changes with the Tailwind compiler version, so an upgrade draws again', () => {
    const before = drawingKey(base);
    const after = drawingKey({ ...base, tailwindVersion: '4.4.0' });
    expect(before).toContain('tailwind:4.3.5');
    expect(key(before)).not.toBe(key(after));
  });

  it('changes with the account theme, and with no theme differs from any theme', () => {
    const none = drawingKey(base);
    const brand = drawingKey({ ...base, themeHash: 'a'.repeat(64) });
    const calm = drawingKey({ ...base, themeHash: 'b'.repeat(64) });
    expect(new Set([key(none), key(brand), key(calm)]).size).toBe(3);
  });

  it('keeps the fonts, fit and debug parts apart', () => {
    const keys = [
      drawingKey(base),
      drawingKey({ ...base, fit: true }),
      drawingKey({ ...base, debug: true }),
      drawingKey({ ...base, fontsVersion: 'f1' }),
    ];
    expect(new Set(keys.map(key)).size).toBe(4);
    expect(drawingKey({ ...base, fit: true, fontsVersion: 'f1', themeHash: 'c'.repeat(64) })).toBe(
      `auto: takumi@2.16.3 +fit fonts:f1 tailwind:4.3.5 theme:${'c'.repeat(16)}`,
    );
  });
});
