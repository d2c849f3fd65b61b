// Batch over a real socket, one bad item among good ones on each batch surface: the native
// batch is per item (the good ones render, are charged and stored; 207 with counts), while
// the OG Engine ZIP and HTMLPix URL batches are all or nothing (their docs have no place for
// one item's error) and name the failing item's index, with nothing charged.
import type { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';

type Json = Record<string, unknown>;
let t: TestApp;
let base: string;
let key: string;

beforeAll(async () => {
  t = await createTestApp({
    plans: JSON.stringify({ metered: { monthly_quota: 1000, credits: true, features: 'all' } }),
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  key = (await newAccount(t, { name: 'batches', plan: 'metered', credits: 500 })).key;
});
afterAll(() => t.close());

const send = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function spent(): Promise<{ renders: number; credits: number }> {
  const res = await fetch(`${base}/v1/usage`, { headers: { authorization: `Bearer ${key}` } });
  const usage = (await res.json()) as { renders_this_month: number; credits: { balance: number } };
  return { renders: usage.renders_this_month, credits: usage.credits.balance };
}

const swatch = (i: number) => ({
  html: `<div style="width:24px;height:12px;background:#${(0x100000 + i * 4099).toString(16).slice(-6)}"></div>`,
  width: 24,
  height: 12,
});
const card = (title: string, extra: Json = {}) => ({ format: 'og', title, ...extra });

describe('native POST /v1/render/batch: per item', () => {
  it('renders the 9 good items of 10 and reports the bad one alone, 207 with counts', async () => {
    const before = await spent();
    const items: unknown[] = Array.from({ length: 10 }, (_, i) => swatch(i));
    items[6] = { html: '<div>{{title}}</div>', variables: { titel: 'typo' } };
    const res = await send('/v1/render/batch', { items });
    expect(res.status).toBe(207);
    const body = (await res.json()) as { succeeded: number; failed: number; items: Json[] };
    expect([body.succeeded, body.failed]).toEqual([9, 1]);
    expect(body.items.map((item) => item.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(body.items[6]).toMatchObject({ ok: false, status: 400, error: { code: 'VALIDATION_FAILED' } });
    expect(String((body.items[6]!.error as Json).message)).toContain('titel');
    for (const item of body.items.filter((_, i) => i !== 6)) {
      expect(item).toMatchObject({ ok: true, status: 200, format: 'png', width: 24, height: 12 });
      const image = await fetch(String(item.url));
      expect(image.headers.get('content-type')).toBe('image/png');
    }
    // Only the good items were charged.
    const after = await spent();
    expect(after).toEqual({ renders: before.renders + 9, credits: before.credits - 9 });
  });

  it('answers 200 when every item succeeded', async () => {
    const res = await send('/v1/render/batch', { items: [swatch(20), swatch(21)] });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ succeeded: 2, failed: 0 });
  });
});

describe('OG Engine POST /render/batch: all or nothing, naming the item', () => {
  it('refuses the whole batch for an invalid item, naming its index, and charges nothing', async () => {
    const before = await spent();
    const res = await send('/compat/og-engine/render/batch', {
      items: [card('One'), card('Two'), card('Three', { format: 'banner' })],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.error).toBe('invalid_format');
    expect(String(body.message)).toContain('items[2]');
    expect(await spent()).toEqual(before);
  });

  it('fails the whole batch when an item fails to render, naming its index, and charges nothing', async () => {
    const before = await spent();
    const res = await send('/compat/og-engine/render/batch', {
      items: [card('One'), card('Two', { template: 'custom:no-such-template' }), card('Three')],
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Json;
    expect(String(body.message)).toMatch(/^items\[1\]: /);
    expect(await spent()).toEqual(before);
  });

  it('still answers the ZIP when every item is good', async () => {
    const res = await send('/compat/og-engine/render/batch', { items: [card('One'), card('Two')] });
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(['image-001.png', 'image-002.png']);
  });
});

describe('HTMLPix POST /v1/urls: all or nothing, naming the item', () => {
  it('refuses the whole batch for a missing template, naming its index, and charges nothing', async () => {
    const before = await spent();
    const res = await send('/compat/htmlpix/v1/urls', {
      items: [{ templateId: 'starter:blog-post' }, { templateId: 'tpl_missing000000000' }],
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: Json };
    expect(body.error.code).toBe('TEMPLATE_NOT_FOUND');
    expect(String(body.error.message)).toMatch(/^items\[1\]: /);
    expect(await spent()).toEqual(before);
    const good = await send('/compat/htmlpix/v1/urls', {
      items: [{ templateId: 'starter:blog-post' }, { templateId: 'starter:quote-card' }],
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { urls: unknown[] }).urls).toHaveLength(2);
  });
});
