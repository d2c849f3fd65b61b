// Engine choice over HTTP: native, chromium, and auto (native unless the template needs what
// only Chromium draws), plus the clear error and the warning when Chromium is missing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';

const card = fs.readFileSync(path.resolve(import.meta.dirname, '../../bench/standard-card.html'), 'utf8');
// Vertical text with Latin in it: the adapt step sets only upright CJK text in columns.
const vertical =
  '<div style="width:200px;height:200px;writing-mode:vertical-rl;font-size:32px">縦書き text 2026</div>';
const hasChromium = findChromium() !== undefined;
if (!hasChromium) console.warn('Skipping chromium engine tests: Chromium is not installed (CI installs it).');

const render = (t: TestApp, body: object) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: { width: 200, height: 200, ...body },
  });
const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

describe.skipIf(!hasChromium)('with Chromium installed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('renders with engine "chromium" and says so', async () => {
    const res = await render(t, { html: card, width: 1200, height: 630, engine: 'chromium' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-engine']).toBe('chromium');
    const image = await decode(res.rawPayload);
    expect([image.width, image.height]).toEqual([1200, 630]);
  });

  it('auto keeps what native draws well on native, and sends the rest to Chromium', async () => {
    const plain = await render(t, { html: card, width: 1200, height: 630 });
    expect(plain.headers['x-engine']).toBe('native');
    const needs = await render(t, { html: vertical });
    expect(needs.statusCode).toBe(200);
    expect(needs.headers['x-engine']).toBe('chromium');
    expect(needs.headers['x-engine-warning']).toBeUndefined();
    const forced = await render(t, { html: vertical, engine: 'native' });
    expect(forced.headers['x-engine']).toBe('native');
    expect(forced.headers.etag).not.toBe(needs.headers.etag);
  });

  it('auto keeps on native what the adapt step rewrites, and draws it as Chromium does', async () => {
    const fluid =
      '<style>.a{width:min(150px, 50%);height:clamp(10px, 40vw, 120px);background:#f00}</style><div class="a"></div>';
    const adapted = await render(t, { html: fluid });
    expect(adapted.statusCode).toBe(200);
    expect(adapted.headers['x-engine']).toBe('native');
    expect(adapted.headers['server-timing']).toContain('adapt');
    const browser = await render(t, { html: fluid, engine: 'chromium' });
    const [a, b] = [await decode(adapted.rawPayload), await decode(browser.rawPayload)];
    // 100x80 red box (50% of 200 under max-width 150; 40vw = 80 between 10 and 120).
    for (const image of [a, b]) {
      expect(pixelAt(image, 99, 79)).toEqual([255, 0, 0, 255]);
      expect(pixelAt(image, 101, 40)).toEqual([255, 255, 255, 255]);
      expect(pixelAt(image, 50, 81)).toEqual([255, 255, 255, 255]);
    }
  });
});

describe('without Chromium', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ chromiumPath: '/nonexistent/chromium' });
  });
  afterAll(() => t.close());

  it('answers ENGINE_UNAVAILABLE for engine "chromium", saying how to install it', async () => {
    const res = await render(t, { html: '<div>x</div>', engine: 'chromium' });
    expect(res.statusCode).toBe(501);
    expect(errorOf(res)).toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: expect.stringContaining('apt-get install chromium'),
    });
  });

  it('auto falls back to native with a warning naming the feature', async () => {
    const res = await render(t, { html: vertical });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-engine']).toBe('native');
    expect(res.headers['x-engine-warning']).toContain('writing-mode');
  });

  it('everything else keeps working', async () => {
    expect((await render(t, { html: '<div>x</div>' })).statusCode).toBe(200);
  });
});
