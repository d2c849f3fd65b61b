// Typography a card asks for, drawn by both engines and compared pixel by pixel: weights 100-900
// resolve to the face the CSS font-matching algorithm picks (bundled and uploaded families),
// a variable font draws every weight as its own instance, and tabular figures and
// font-feature-settings change the glyphs the same way in the native engine as in Chromium.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import pixelmatch from 'pixelmatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { testFonts } from '../helpers/fonts.ts';
import { decode } from '../helpers/image.ts';

const require = createRequire(import.meta.url);
const hasChromium = findChromium() !== undefined;
if (!hasChromium) console.warn('Skipping typography tests: Chromium is not installed (CI installs it).');

/** Inter's variable Latin subset (wght 100-900; `opsz`: also optical size 14-32) as an upload. */
const interVariable = (axes: 'wght' | 'opsz' = 'wght'): Buffer =>
  readFileSync(require.resolve(`@fontsource-variable/inter/files/inter-latin-${axes}-normal.woff2`));

/**
 * The weight CSS font matching picks from `available` for `desired` (CSS Fonts 4, §5.2 step 4):
 * 400-500 look up to 500 first, then down, then up; below 400 look down, then up; above 500 up,
 * then down.
 */
function cssWeight(desired: number, available: readonly number[]): number {
  const sorted = [...available].sort((a, b) => a - b);
  if (sorted.includes(desired)) return desired;
  const below = sorted.filter((w) => w < desired).reverse();
  const above = sorted.filter((w) => w > desired);
  if (desired >= 400 && desired <= 500) {
    const upTo500 = above.filter((w) => w <= 500);
    return [...upTo500, ...below, ...above.filter((w) => w > 500)][0]!;
  }
  return (desired < 400 ? [...below, ...above] : [...above, ...below])[0]!;
}

let t: TestApp;
let account: { key: string };
beforeAll(async () => {
  t = await createTestApp();
  account = await newAccount(t, { name: 'typography' });
  const uploads: [string, Buffer][] = [
    ['Brand Pair', testFonts.woff2()],
    ['Brand Pair', testFonts.boldWoff2()],
    ['Brand Variable', interVariable()],
    ['Brand Optical', interVariable('opsz')],
  ];
  for (const [family, bytes] of uploads) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/fonts?family=${encodeURIComponent(family)}`,
      headers: { authorization: `Bearer ${account.key}`, 'content-type': 'font/woff2' },
      payload: bytes,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

const WIDTH = 900;
const HEIGHT = 140;

async function render(style: string, text: string, engine: 'native' | 'chromium') {
  const html = `<div style="display:flex;align-items:center;width:100%;height:100%;padding:0 30px;background:#fff;color:#111;font-size:64px;${style}">${text}</div>`;
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: { authorization: `Bearer ${account.key}` },
    payload: { html, width: WIDTH, height: HEIGHT, engine, cache_ttl: 0 },
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['x-font-fallback']).toBeUndefined();
  return decode(res.rawPayload);
}

/** Share of pixels that differ (pixelmatch, anti-aliasing tolerant threshold 0.1). */
function changed(a: Awaited<ReturnType<typeof render>>, b: Awaited<ReturnType<typeof render>>): number {
  return pixelmatch(a.data, b.data, undefined, a.width, a.height, { threshold: 0.1 }) / (a.width * a.height);
}

const WEIGHTS = [100, 200, 300, 350, 400, 500, 550, 600, 700, 800, 900];

describe.skipIf(!hasChromium)('weights 100-900 on a family of two faces', () => {
  it.each([
    ['bundled Lato', 'Lato'],
    ['uploaded Brand Pair', "'Brand Pair'"],
  ])('each draws the face CSS font matching picks, in both engines (%s)', async (_name, family) => {
    const text = 'Quartz 0123 wavy';
    for (const engine of ['native', 'chromium'] as const) {
      const faces = new Map<number, Awaited<ReturnType<typeof render>>>();
      for (const weight of [400, 700])
        faces.set(weight, await render(`font-family:${family};font-weight:${weight}`, text, engine));
      expect(changed(faces.get(400)!, faces.get(700)!)).toBeGreaterThan(0.002);
      for (const weight of WEIGHTS) {
        const image = await render(`font-family:${family};font-weight:${weight}`, text, engine);
        const picked = cssWeight(weight, [400, 700]);
        expect({ engine, weight, changed: changed(image, faces.get(picked)!) }).toEqual({
          engine,
          weight,
          changed: 0,
        });
      }
    }
  });
});

describe.skipIf(!hasChromium)('a variable font', () => {
  it('draws every weight as its own instance, as Chromium does', async () => {
    const text = 'Quartz 0123 wavy';
    let previous: Awaited<ReturnType<typeof render>> | undefined;
    for (const weight of [100, 250, 400, 550, 650, 800, 900]) {
      const style = `font-family:'Brand Variable';font-weight:${weight}`;
      const [native, chromium] = [await render(style, text, 'native'), await render(style, text, 'chromium')];
      // Not snapped to one face: each step of the axis changes the glyphs.
      if (previous)
        expect({ weight, changed: changed(native, previous) > 0.002 }).toEqual({ weight, changed: true });
      // Chromium gets the axis range in its @font-face, so it draws the same instance.
      expect({ weight, close: changed(native, chromium) < 0.01 }).toEqual({ weight, close: true });
      previous = native;
    }
  });

  it('takes font-variation-settings as Chromium does', async () => {
    const style = `font-family:'Brand Variable';font-variation-settings:'wght' 780`;
    const [native, chromium, regular] = [
      await render(style, 'Variation 780', 'native'),
      await render(style, 'Variation 780', 'chromium'),
      await render(`font-family:'Brand Variable'`, 'Variation 780', 'native'),
    ];
    expect(changed(native, regular)).toBeGreaterThan(0.002);
    expect(changed(native, chromium)).toBeLessThan(0.01);
  });
});

describe.skipIf(!hasChromium)('a variable font with an optical size axis', () => {
  it('picks the optical size from the font size (font-optical-sizing: auto), as Chromium does', async () => {
    const text = 'Optical Sizing gg';
    const style = (extra: string) => `font-family:'Brand Optical';font-size:90px;font-weight:700;${extra}`;
    const auto = await render(style(''), text, 'native');
    // 90px is past the axis' 32: auto is the 32 instance, and not the default 14 one.
    expect(changed(auto, await render(style("font-variation-settings:'opsz' 32"), text, 'native'))).toBe(0);
    expect(changed(auto, await render(style('font-optical-sizing:none'), text, 'native'))).toBeGreaterThan(
      0.001,
    );
    expect(changed(auto, await render(style(''), text, 'chromium'))).toBeLessThan(0.01);
  });
});

describe.skipIf(!hasChromium)('OpenType features', () => {
  it.each([
    ['font-variant-numeric: tabular-nums', 'font-variant-numeric:tabular-nums', '1,111.11 7,171'],
    ["font-feature-settings: 'tnum'", "font-feature-settings:'tnum' 1", '1,100.01 0711'],
    ["font-feature-settings: 'frac'", "font-feature-settings:'frac'", '1/2 3/4 7/8'],
    ["font-feature-settings: 'kern' 0", "font-feature-settings:'kern' 0", 'AVAWAY Today'],
    ['font-variant-numeric: diagonal-fractions', 'font-variant-numeric:diagonal-fractions', '1/2 3/4'],
  ])('%s changes the glyphs, in the native engine as in Chromium', async (_name, feature, text) => {
    const style = `font-family:Inter;font-weight:700;${feature}`;
    const [native, chromium, plain] = [
      await render(style, text, 'native'),
      await render(style, text, 'chromium'),
      await render('font-family:Inter;font-weight:700', text, 'native'),
    ];
    expect(changed(native, plain)).toBeGreaterThan(0.002);
    expect(changed(native, chromium)).toBeLessThan(0.01);
  });
});
