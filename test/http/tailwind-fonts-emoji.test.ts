// Tailwind, account fonts, emoji styles and the native adapt step on one render: the pipeline
// expands Tailwind, attaches the account's fonts and the emoji style, then adapt rewrites what the
// native engine lacks (here a Tailwind arbitrary `min()`). The rewrite must keep the fonts and the
// emoji style, and run on the expanded HTML, or the card below loses one of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pixelmatch from 'pixelmatch';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { testFonts } from '../helpers/fonts.ts';
import { decode, pixelAt } from '../helpers/image.ts';

// font-[Brand_Mono] is `font-family: Brand Mono` (the account's upload); text-[min(...)] is a
// min() auto would send to Chromium unless adapt resolves it (to 64px at 1200 wide).
const card = `<div class="flex h-full w-full flex-col justify-center gap-6 bg-slate-900 px-16 text-white">
  <div class="font-[Brand_Mono] text-[min(9vw,64px)] font-bold">Launch day 🚀🎉</div>
  <div class="text-3xl text-sky-400">Wiggly jump 0123</div>
</div>`;

let t: TestApp;
let withFont: { key: string };
let withoutFont: { key: string };

beforeAll(async () => {
  t = await createTestApp();
  withFont = await newAccount(t, { name: 'tailwind-font' });
  withoutFont = await newAccount(t, { name: 'tailwind-no-font' });
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/fonts?family=Brand%20Mono',
    headers: { authorization: `Bearer ${withFont.key}`, 'content-type': 'font/woff2' },
    payload: testFonts.woff2(),
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t.close());

async function render(account: { key: string }, emoji: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: { authorization: `Bearer ${account.key}` },
    payload: { html: card, width: 1200, height: 630, engine: 'auto', emoji, cache_ttl: 0 },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

async function difference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([decode(a), decode(b)]);
  return pixelmatch(x.data, y.data, undefined, x.width, x.height, { threshold: 0.1 }) / (x.width * x.height);
}

describe('a Tailwind card with an account font and emoji', () => {
  it('is adapted for the native engine and keeps the font, the emoji style and the utilities', async () => {
    const noto = await render(withFont, 'noto');
    // Adapt resolved the min(): auto keeps the card on native, with nothing to warn about.
    expect(noto.headers['x-engine']).toBe('native');
    expect(noto.headers['x-engine-warning']).toBeUndefined();
    // The account's family was found, not replaced by Inter.
    expect(noto.headers['x-font-fallback']).toBeUndefined();

    // Tailwind's bg-slate-900 (oklch 20.8% 0.042 265.755, about rgb(15 23 43)) fills the card.
    const [r, g, b] = pixelAt(await decode(noto.rawPayload), 4, 4);
    expect([r, g, b]).toEqual([expect.closeTo(15, -1), expect.closeTo(23, -1), expect.closeTo(43, -1)]);

    // The same card for an account without the font falls back to Inter and draws other glyphs.
    const fallback = await render(withoutFont, 'noto');
    expect(fallback.headers['x-font-fallback']).toBe('Brand Mono -> Inter');
    expect(await difference(noto.rawPayload, fallback.rawPayload)).toBeGreaterThan(0.002);

    // Another emoji style, and none, change the emoji and nothing else asked for.
    const fluent = await render(withFont, 'fluent');
    const none = await render(withFont, 'none');
    expect(fluent.headers['x-engine']).toBe('native');
    expect(fluent.headers['x-font-fallback']).toBeUndefined();
    expect(await difference(noto.rawPayload, fluent.rawPayload)).toBeGreaterThan(0.0005);
    expect(await difference(noto.rawPayload, none.rawPayload)).toBeGreaterThan(0.0005);
  });
});
