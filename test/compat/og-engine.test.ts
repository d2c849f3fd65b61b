// The OG Engine dialect against a real listening server: the seed's own curl example with only
// the host changed, every field and header, multipart uploads, /validate agreeing with
// /render, the batch ZIP, and every error code of the doc.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, newAccount, tempDir, TEST_KEY, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/image.ts';

const run = promisify(execFile);
const plans = {
  free: { features: ['png', 'pdf'], monthly_quota: 1000 },
  capped: { per_minute: 2 },
  monthly: { monthly_quota: 50, per_minute: 100 },
};

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp({ plans: JSON.stringify(plans) });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/compat/og-engine`;
});
afterAll(() => t.close());

const headers = { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' };
const post = (route: string, body: unknown, extra: Record<string, string> = headers) =>
  fetch(`${base}${route}`, { method: 'POST', headers: extra, body: JSON.stringify(body) });
const card = (extra: object = {}) => ({ format: 'og', title: 'Hello from Placard', ...extra });

const keyOnPlan = async (plan: string) => (await newAccount(t, { plan })).key;

describe('POST /render', () => {
  it("runs the seed's curl example unchanged but for the host", async () => {
    const out = path.join(tempDir(), 'card.png');
    const body = JSON.stringify({
      format: 'og',
      template: 'default',
      title: 'Server-Side Text Layout Without a Browser',
      description:
        'Pure JS text measurement replaces Puppeteer. ~22ms renders ([benchmarked](/benchmarks/)), zero browser dependencies.',
      author: 'Pretext Engine',
      tag: 'Open Source',
      style: {
        accent: '#38ef7d',
        font: 'Outfit',
        titleSize: 48,
        descSize: 22,
        layout: 'left',
        gradient: 'void',
      },
      output: { format: 'png' },
    });
    await run('curl', [
      '-sS',
      '-f',
      '-X',
      'POST',
      `${base}/render`,
      '-H',
      `Authorization: Bearer ${TEST_KEY}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      body,
      '--output',
      out,
    ]);
    const image = await decode(fs.readFileSync(out));
    expect([image.width, image.height]).toEqual([1200, 630]);
  });

  it('answers the bytes with every documented header', async () => {
    const res = await post('/render', card({ description: 'Short.' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-cache')).toBe('miss');
    expect(Number(res.headers.get('x-render-time-ms'))).toBeGreaterThan(0);
    expect(res.headers.get('x-title-lines')).toBe('1');
    expect(res.headers.get('x-desc-lines')).toBe('1');
    expect(res.headers.get('x-layout-overflow')).toBe('false');
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      expect(res.headers.get(h)).toMatch(/^\d+$/);
    const again = await post('/render', card({ description: 'Short.' }));
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.headers.get('x-title-lines')).toBe('1');
  });

  it.each([
    ['og', 1200, 630],
    ['twitter', 1200, 675],
    ['linkedin', 1200, 627],
    ['square', 1080, 1080],
    ['story', 1080, 1920],
  ])('draws the %s format at %ix%i', async (format, width, height) => {
    const res = await post('/render', { format, title: 'Sizes', template: 'social-card' });
    const image = await decode(Buffer.from(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([width, height]);
  });

  it('truncates a title that does not fit and says so in the headers, matching the pixels', async () => {
    const title = 'An extremely long headline that keeps going well past what any card can hold '
      .repeat(3)
      .slice(0, 200);
    const res = await post('/render', card({ title, style: { maxTitleLines: 2, titleSize: 72 } }));
    expect(res.headers.get('x-title-lines')).toBe('2');
    expect(res.headers.get('x-layout-overflow')).toBe('true');
    const check = await post('/validate', { format: 'og', title, maxTitleLines: 2, titleSize: 72 });
    const report = (await check.json()) as {
      fits: boolean;
      title: { lines: number; maxLines: number; overflow: boolean };
    };
    expect(report).toMatchObject({ fits: false, title: { lines: 2, maxLines: 2, overflow: true } });
  });

  it('keeps emoji in the line of text they belong to', async () => {
    const res = await post(
      '/render',
      card({ title: 'Shipping faster 🎉✨ with Placard', format: 'square', template: 'blog-hero' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-title-lines')).toBe('1');
  });

  it('renders webp and pdf output', async () => {
    const webp = await post('/render', card({ output: { format: 'webp', quality: 70 } }));
    expect(webp.headers.get('content-type')).toBe('image/webp');
    const pdf = await post('/render', card({ output: { format: 'pdf' } }));
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
  });

  it('takes a background image as multipart, under either pair of field names', async () => {
    const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#c0392b' } })
      .jpeg()
      .toBuffer();
    for (const [configField, imageField] of [
      ['config', 'image'],
      ['data', 'backgroundImage'],
    ] as const) {
      const form = new FormData();
      form.set(configField, JSON.stringify(card({ template: 'blog-hero', style: { overlayOpacity: 0.2 } })));
      form.set(imageField, new Blob([photo], { type: 'image/jpeg' }), 'cover.jpg');
      const res = await fetch(`${base}/render`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}` },
        body: form,
      });
      expect(res.status).toBe(200);
      const image = await decode(Buffer.from(await res.arrayBuffer()));
      // The red photo shows through the light overlay in the top-right corner.
      const i = (20 * image.width + image.width - 20) * image.channels;
      expect(image.data[i]!).toBeGreaterThan(image.data[i + 2]! + 40);
    }
  });
});

describe('X-RateLimit-* count down', () => {
  const limits = (res: Response) =>
    ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'].map((h) => res.headers.get(h));
  const as = (key: string) => ({ ...headers, authorization: `Bearer ${key}` });

  it('on the default install plan: its per-minute window, one less with every request', async () => {
    const { key } = await newAccount(t, { name: 'default-plan' });
    const before = Math.floor(Date.now() / 1000);
    const first = await post('/render', card({ title: 'Count one' }), as(key));
    const second = await post('/render', card({ title: 'Count two' }), as(key));
    // The same card again: a cache hit is still a request in the minute.
    const hit = await post('/render', card({ title: 'Count two' }), as(key));
    expect(hit.headers.get('x-cache')).toBe('hit');
    expect([first, second, hit].map((r) => limits(r).slice(0, 2))).toEqual([
      ['6000', '5999'],
      ['6000', '5998'],
      ['6000', '5997'],
    ]);
    const reset = Number(first.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(before + 59);
    expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 60);
  });

  it('on a plan with a monthly quota: the renders left this month, reset on the 1st (UTC)', async () => {
    const { key } = await newAccount(t, { plan: 'monthly' });
    const now = new Date();
    const nextMonth = String(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) / 1000);
    const first = await post('/render', card({ title: 'Month one' }), as(key));
    const second = await post('/render', card({ title: 'Month two' }), as(key));
    // A cache hit costs no render, so it leaves the count where it was.
    const hit = await post('/render', card({ title: 'Month two' }), as(key));
    expect(hit.headers.get('x-cache')).toBe('hit');
    expect([first, second, hit].map(limits)).toEqual([
      ['50', '49', nextMonth],
      ['50', '48', nextMonth],
      ['50', '48', nextMonth],
    ]);
  });

  it('on a plan with no limit: a large constant, since OG Engine clients always read them', async () => {
    const { key } = await newAccount(t, { plan: 'unlimited' });
    const replies = [
      await post('/render', card({ title: 'Free one' }), as(key)),
      await post('/render', card({ title: 'Free two' }), as(key)),
    ];
    expect(replies.map((r) => limits(r).slice(0, 2))).toEqual([
      ['1000000', '1000000'],
      ['1000000', '1000000'],
    ]);
  });
});

describe('POST /validate and /render/batch', () => {
  it('reports the fit in milliseconds and the largest sizes with autoFit', async () => {
    const res = await post('/validate', {
      format: 'og',
      title: 'A title',
      description: 'A description',
      autoFit: true,
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      fits: true,
      title: { lines: 1, overflow: false },
      description: { lines: 1, overflow: false },
    });
    expect(body.autoFit).toMatchObject({ titleSize: 72, descSize: 32 });
    expect(body.computeTimeMs).toBeGreaterThan(0);
    const noDescription = (await (
      await post('/validate', { format: 'og', title: 'Only a title' })
    ).json()) as Record<string, unknown>;
    expect(noDescription.description).toBeUndefined();
  });

  it('answers a ZIP of every card in order', async () => {
    const res = await post('/render/batch', {
      items: [card(), card({ format: 'square', output: { format: 'webp' } })],
    });
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('x-batch-count')).toBe('2');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(['image-001.png', 'image-002.webp']);
    expect((await decode(Buffer.from(files['image-002.webp']!))).width).toBe(1080);
  });
});

describe('errors, with the doc codes', () => {
  const errorOf = async (res: Response) => ({
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
  });

  it('missing_field, invalid_format, invalid_font', async () => {
    expect(await errorOf(await post('/render', { format: 'og' }))).toMatchObject({
      status: 400,
      body: { error: 'missing_field', details: [{ field: 'title' }] },
    });
    expect(await errorOf(await post('/render', card({ format: 'banner' })))).toMatchObject({
      status: 400,
      body: { error: 'invalid_format' },
    });
    expect(await errorOf(await post('/render', card({ style: { font: 'Comic Sans' } })))).toMatchObject({
      status: 400,
      body: { error: 'invalid_font' },
    });
    const range = await errorOf(await post('/render', card({ style: { titleSize: 99 } })));
    expect(range.status).toBe(400);
    expect(String(range.body.message)).toContain('style.titleSize must be a number from 28 to 72');
  });

  it('invalid_format, saying the JSON did not parse, for a malformed body or config field', async () => {
    const res = await fetch(`${base}/render`, {
      method: 'POST',
      headers,
      body: '{"format": "og", "title": "Cut',
    });
    const malformed = await errorOf(res);
    expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid_format' } });
    expect(String(malformed.body.message)).toMatch(/^The body did not parse as JSON \(.+\); send/);
    const form = new FormData();
    form.set('config', '{"format": "og",');
    const multipart = await errorOf(
      await fetch(`${base}/render`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}` },
        body: form,
      }),
    );
    expect(multipart).toMatchObject({
      status: 400,
      body: { error: 'invalid_format', details: [{ field: 'config' }] },
    });
    expect(String(multipart.body.message)).toContain('config did not parse as JSON');
    const empty = await errorOf(await fetch(`${base}/render`, { method: 'POST', headers, body: '' }));
    expect(empty).toMatchObject({ status: 400, body: { error: 'missing_field' } });
  });

  it('invalid_field for a style or output that is not an object, not_found for an unknown path', async () => {
    const style = await errorOf(await post('/render', card({ style: 'dark' })));
    expect(style).toMatchObject({
      status: 400,
      body: {
        error: 'invalid_field',
        details: [{ field: 'style', message: 'style must be an object; received "dark"' }],
      },
    });
    const output = await errorOf(await post('/render', card({ output: 'webp' })));
    expect(output).toMatchObject({
      status: 400,
      body: { error: 'invalid_field', details: [{ field: 'output' }] },
    });
    const lost = await errorOf(await post('/renders', card()));
    expect(lost).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(String(lost.body.message)).toContain('No route POST /compat/og-engine/renders');
  });

  it('invalid_file: not an image, and a decompression bomb', async () => {
    const form = new FormData();
    form.set('config', JSON.stringify(card()));
    form.set('image', new Blob(['<html>not an image</html>'], { type: 'image/png' }), 'x.png');
    const text = await fetch(`${base}/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}` },
      body: form,
    });
    expect(await errorOf(text)).toMatchObject({ status: 400, body: { error: 'invalid_file' } });
    const bomb = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const form2 = new FormData();
    form2.set('config', JSON.stringify(card()));
    form2.set('image', new Blob([bomb], { type: 'image/png' }), 'bomb.png');
    const refused = await errorOf(
      await fetch(`${base}/render`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_KEY}` },
        body: form2,
      }),
    );
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_file' } });
    expect(String(refused.body.message)).toContain('64000000 pixels');
  });

  it('unauthorized, plan_required, rate_limited', async () => {
    expect(
      await errorOf(
        await post('/render', card(), {
          'content-type': 'application/json',
          authorization: 'Bearer oge_sk_nope',
        }),
      ),
    ).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    const free = await keyOnPlan('free');
    const webp = await post('/render', card({ output: { format: 'webp' } }), {
      ...headers,
      authorization: `Bearer ${free}`,
    });
    expect(await errorOf(webp)).toMatchObject({ status: 402, body: { error: 'plan_required' } });
    const capped = await keyOnPlan('capped');
    const h = { ...headers, authorization: `Bearer ${capped}` };
    await post('/render', card(), h);
    await post('/render', card(), h);
    const limited = await post('/render', card(), h);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await errorOf(limited)).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
  });

  it('server_error when a custom template fails while drawing', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/v1/templates',
      headers: auth,
      payload: {
        name: 'broken',
        kind: 'jsx',
        source:
          'export default function T({ title = "x" }) { if (title) throw new Error("boom"); return <div/>; }',
      },
    });
    const res = await post('/render', card({ template: 'custom:broken' }));
    expect(await errorOf(res)).toMatchObject({ status: 500, body: { error: 'server_error' } });
  });
});
