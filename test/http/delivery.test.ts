import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedImageUrl } from '../../src/delivery/signed-urls.ts';
import { auth, createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';

let t: TestApp;
let otherKey: string;
beforeAll(async () => {
  t = await createTestApp();
  otherKey = (await newAccount(t, { name: 'Other' })).key;
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const post = (url: string, payload: object, headers: Record<string, string> = auth) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
const swatch = (colour: string) => ({
  html: `<div style="width:40px;height:20px;background:${colour}"></div>`,
  width: 40,
  height: 20,
});

/** Counts engine draws: the cache and single flight are judged by how often the engine runs. */
function countDraws(): { count: () => number; restore: () => void } {
  const engine = t.services.engine;
  const original = engine.render.bind(engine);
  let draws = 0;
  engine.render = (...args) => {
    draws++;
    return original(...args);
  };
  return { count: () => draws, restore: () => (engine.render = original) };
}

describe('render cache', () => {
  it('serves an identical request from the cache with the same ETag, and 304 to If-None-Match', async () => {
    const body = swatch('#123456');
    const first = await post('/v1/render', body);
    const second = await post('/v1/render', { ...body, variables: {} });
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    const notModified = await post('/v1/render', body, {
      ...auth,
      'if-none-match': String(first.headers.etag),
    });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.rawPayload.length).toBe(0);
    expect(notModified.headers.etag).toBe(first.headers.etag);
  });

  it('does not read or write the cache with cache_ttl 0', async () => {
    const body = { ...swatch('#654321'), cache_ttl: 0 };
    expect((await post('/v1/render', body)).headers['x-cache']).toBe('MISS');
    expect((await post('/v1/render', body)).headers['x-cache']).toBe('MISS');
  });

  it('renders concurrent identical misses once', async () => {
    const draws = countDraws();
    try {
      const body = swatch('#0a0b0c');
      const replies = await Promise.all(Array.from({ length: 8 }, () => post('/v1/render', body)));
      expect(replies.every((r) => r.statusCode === 200)).toBe(true);
      expect(new Set(replies.map((r) => r.headers.etag)).size).toBe(1);
      expect(draws.count()).toBe(1);
    } finally {
      draws.restore();
    }
  });

  it('keys on everything that changes pixels: variables, options, template', async () => {
    const base = {
      html: '<div style="width:40px;height:20px;background:{{c}}"></div>',
      width: 40,
      height: 20,
    };
    const a = await post('/v1/render', { ...base, variables: { c: 'red' } });
    const b = await post('/v1/render', { ...base, variables: { c: 'blue' } });
    const c = await post('/v1/render', { ...base, variables: { c: 'red' }, format: 'webp' });
    expect(new Set([a.headers.etag, b.headers.etag, c.headers.etag]).size).toBe(3);
    expect(b.headers['x-cache']).toBe('MISS');
    expect(c.headers['x-cache']).toBe('MISS');
  });
});

describe('stored renders', () => {
  it('stores the image for response "url" and serves it publicly, stable and cacheable', async () => {
    const res = await post('/v1/render', { ...swatch('#ff0000'), response: 'url' });
    expect(res.statusCode).toBe(200);
    const stored = res.json() as Json;
    expect(stored).toMatchObject({ width: 40, height: 20, format: 'png' });
    expect(stored.id).toMatch(/^rnd_/);
    expect(String(stored.url)).toMatch(new RegExp(`/r/${stored.id}\\.png$`));
    expect(stored.bytes).toBeGreaterThan(0);

    const image = await get(pathOf(String(stored.url)));
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(pixelAt(await decode(image.rawPayload), 20, 10)).toEqual([255, 0, 0, 255]);
    const again = await get(pathOf(String(stored.url)), { 'if-none-match': String(image.headers.etag) });
    expect(again.statusCode).toBe(304);

    const meta = await get(`/v1/renders/${stored.id}`, auth);
    expect(meta.json()).toMatchObject({ id: stored.id, url: stored.url, bytes: stored.bytes });
    const theirs = await get(`/v1/renders/${stored.id}`, { authorization: `Bearer ${otherKey}` });
    expect(theirs.statusCode).toBe(404);
    expect((await get('/r/rnd_nothinghere0000.png')).statusCode).toBe(404);
  });
});

describe('signed URLs', () => {
  let templateId: string;
  beforeAll(async () => {
    const created = await post('/v1/templates', {
      name: 'Signed',
      kind: 'html',
      source: '<div style="width:60px;height:30px;background:{{bg}}">{{title}}</div>',
      width: 60,
      height: 30,
    });
    templateId = (created.json() as Json).id as string;
  });

  it('mints a URL that renders on the first hit and comes from the cache after', async () => {
    const minted = await post('/v1/urls', {
      template_id: templateId,
      variables: { bg: '#00ff00', title: '' },
    });
    expect(minted.statusCode).toBe(200);
    const { url, expires_at } = minted.json() as { url: string; expires_at: number };
    expect(url).toContain('/v1/image?');
    expect(url).toContain('v_bg=%2300ff00');
    expect(expires_at).toBeGreaterThan(Date.now());

    const first = await get(pathOf(url));
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['server-timing']).toMatch(/^render;dur=/);
    expect(first.headers['cache-control']).toBe('public, max-age=86400');
    expect(pixelAt(await decode(first.rawPayload), 30, 15)).toEqual([0, 255, 0, 255]);
    const second = await get(pathOf(url));
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['server-timing']).toBeUndefined();
    expect(second.headers.etag).toBe(first.headers.etag);
    const cached = await get(pathOf(url), { 'if-none-match': String(first.headers.etag) });
    expect(cached.statusCode).toBe(304);
  });

  // The verifier keeps a URL's request and the pipeline its cache key: neither may outlive a
  // change to what the key is made of.
  it('draws the same URL again after its template or the account theme changes', async () => {
    const created = await post('/v1/templates', {
      name: 'Changes',
      kind: 'html',
      source: '<div style="width:20px;height:10px;background:#00ff00"></div>',
      width: 20,
      height: 10,
    });
    const id = (created.json() as Json).id as string;
    const { url } = (await post('/v1/urls', { template_id: id })).json() as { url: string };
    const fetchOnce = async () => {
      const reply = await get(pathOf(url));
      expect(reply.statusCode).toBe(200);
      return { cache: reply.headers['x-cache'], pixel: pixelAt(await decode(reply.rawPayload), 10, 5) };
    };
    expect(await fetchOnce()).toEqual({ cache: 'MISS', pixel: [0, 255, 0, 255] });
    expect(await fetchOnce()).toEqual({ cache: 'HIT', pixel: [0, 255, 0, 255] });

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/templates/${id}`,
      headers: auth,
      payload: { source: '<div style="width:20px;height:10px;background:#ff0000"></div>' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await fetchOnce()).toEqual({ cache: 'MISS', pixel: [255, 0, 0, 255] });
    expect(await fetchOnce()).toEqual({ cache: 'HIT', pixel: [255, 0, 0, 255] });

    const theme = await t.app.inject({
      method: 'PUT',
      url: '/v1/tailwind/theme',
      headers: auth,
      payload: { css: '@theme { --color-brand: #123456; }' },
    });
    expect(theme.statusCode).toBe(200);
    expect(await fetchOnce()).toEqual({ cache: 'MISS', pixel: [255, 0, 0, 255] });
    expect(await fetchOnce()).toEqual({ cache: 'HIT', pixel: [255, 0, 0, 255] });
    await t.app.inject({ method: 'DELETE', url: '/v1/tailwind/theme', headers: auth });
  });

  it('refuses a tampered parameter, a missing signature and an expired URL', async () => {
    const { url } = (
      await post('/v1/urls', { template_id: templateId, variables: { bg: 'red' } })
    ).json() as { url: string };
    const tampered = await get(pathOf(url).replace('v_bg=red', 'v_bg=blue'));
    expect(tampered.statusCode).toBe(403);
    expect((tampered.json() as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
    const unsigned = await get(pathOf(url).replace(/&sig=[0-9a-f]+/, ''));
    expect(unsigned.statusCode).toBe(403);
    const longer = await get(pathOf(url).replace(/exp=\d+/, `exp=${Date.now() + 10 ** 10}`));
    expect(longer.statusCode).toBe(403);

    const expired = signedImageUrl(
      t.services.signer!,
      { accountId: 'acc_install', templateId, variables: {}, expiresAt: Date.now() - 1000 },
      'http://localhost',
      '/v1/image',
    );
    const gone = await get(pathOf(expired));
    expect(gone.statusCode).toBe(410);
    expect((gone.json() as { error: { code: string } }).error.code).toBe('URL_EXPIRED');
  });

  it('mints up to 25 in one call and refuses more, or a template the account does not have', async () => {
    const items = Array.from({ length: 3 }, (_, i) => ({
      template_id: templateId,
      variables: { title: `T${i}` },
    }));
    const batch = (await post('/v1/urls', { items })).json() as {
      urls: { url: string; template_id: string }[];
    };
    expect(batch.urls).toHaveLength(3);
    expect(new Set(batch.urls.map((u) => u.url)).size).toBe(3);
    const tooMany = await post('/v1/urls', {
      items: Array.from({ length: 26 }, () => ({ template_id: templateId })),
    });
    expect(tooMany.statusCode).toBe(400);
    const theirs = await post(
      '/v1/urls',
      { template_id: templateId },
      { authorization: `Bearer ${otherKey}` },
    );
    expect(theirs.statusCode).toBe(404);
  });
});

describe('batch', () => {
  it('renders every item, in order, and one bad item fails alone', async () => {
    const res = await post('/v1/render/batch', {
      items: [swatch('#111111'), { html: '{{#if}}' }, { ...swatch('#222222'), format: 'webp' }, { width: 5 }],
    });
    // Some items failed: 207, with counts and each item's own status.
    expect(res.statusCode).toBe(207);
    const { items, succeeded, failed } = res.json() as { items: Json[]; succeeded: number; failed: number };
    expect([succeeded, failed]).toEqual([2, 2]);
    expect(items.map((i) => i.ok)).toEqual([true, false, true, false]);
    expect(items.map((i) => i.status)).toEqual([200, 400, 200, 400]);
    expect(items[0]).toMatchObject({ index: 0, format: 'png', width: 40 });
    expect(items[1]).toMatchObject({ index: 1, error: { code: 'TEMPLATE_COMPILE_FAILED' } });
    expect(items[2]).toMatchObject({ index: 2, format: 'webp' });
    expect(items[3]).toMatchObject({ index: 3, error: { code: 'VALIDATION_FAILED' } });
    const image = await get(pathOf(String(items[2]!.url)));
    expect(image.headers['content-type']).toBe('image/webp');
  });

  it('refuses more items than allowed, and an empty batch', async () => {
    const tooMany = await post('/v1/render/batch', {
      items: Array.from({ length: 101 }, () => swatch('#000')),
    });
    expect(tooMany.statusCode).toBe(400);
    expect((tooMany.json() as { error: { message: string } }).error.message).toContain(
      'at most 100 items; received: 101',
    );
    expect((await post('/v1/render/batch', { items: [] })).statusCode).toBe(400);
  });
});
