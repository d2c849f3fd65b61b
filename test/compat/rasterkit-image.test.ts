// RasterKit's POST /v1/image behaviours: its defaults (1200x630 png, quality 80, no cache),
// its headers, the cache when cache_ttl asks for it, escaping and helpers, extra variables
// ignored, device scale, and a stored template's own size.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, pixelAt } from '../helpers/image.ts';
import { startDialects, TEST_KEY, type DialectServer } from './audome-fixture.ts';
import { postImage, rasterkitTemplate } from './rasterkit-fixture.ts';

let s: DialectServer;
beforeAll(async () => {
  s = await startDialects();
});
afterAll(() => s.close());

const box = (colour: string) => `<div style="width:64px;height:64px;background:${colour}"></div>`;
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('POST /v1/image', () => {
  it('answers a 1200x630 png by default, uncached, with the RasterKit headers', async () => {
    const body = { template_html: '<h1>{{title}}</h1>', variables: { title: 'Hi' } };
    const first = await postImage(s, body);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('x-rasterkit-cache')).toBe('MISS');
    expect(first.headers.get('x-rasterkit-render-ms')).toMatch(/^\d+$/);
    expect(first.headers.get('cache-control')).toBeNull();
    expect(await sharp(await bytes(first)).metadata()).toMatchObject({
      width: 1200,
      height: 630,
      format: 'png',
    });
    // cache_ttl defaults to 0: the same request is drawn again.
    expect((await postImage(s, body)).headers.get('x-rasterkit-cache')).toBe('MISS');
  });

  it('serves identical renders from the cache within cache_ttl, and lets HTTP caches keep them', async () => {
    const body = { template_html: box('#123456'), width: 64, height: 64, cache_ttl: 600 };
    const first = await postImage(s, body);
    expect(first.headers.get('x-rasterkit-cache')).toBe('MISS');
    const second = await postImage(s, body);
    expect(second.headers.get('x-rasterkit-cache')).toBe('HIT');
    expect(second.headers.get('cache-control')).toBe('public, max-age=600');
    expect(Buffer.compare(await bytes(first), await bytes(second))).toBe(0);
  });

  it('escapes {{var}}, injects {{{var}}} raw', async () => {
    const html = '<div style="width:64px;height:64px;background:#ffffff">{{{raw}}}{{escaped}}</div>';
    const injected = box('#ff0000');
    const raw = await decode(
      await bytes(
        await postImage(s, { template_html: html, width: 64, height: 64, variables: { raw: injected } }),
      ),
    );
    expect(pixelAt(raw, 60, 60)).toEqual([255, 0, 0, 255]);
    const escaped = await decode(
      await bytes(
        await postImage(s, { template_html: html, width: 64, height: 64, variables: { escaped: injected } }),
      ),
    );
    expect(pixelAt(escaped, 60, 60)).not.toEqual([255, 0, 0, 255]);
  });

  it('has the uppercase, lowercase and truncate helpers', async () => {
    const html =
      '{{#if (eq (uppercase a) "GO")}}{{#if (eq (lowercase b) "go")}}{{#if (eq (truncate c 3 "") "abc")}}' +
      '<div style="width:64px;height:64px;background:#00ff00"></div>{{/if}}{{/if}}{{/if}}';
    const res = await postImage(s, {
      template_html: html,
      width: 64,
      height: 64,
      variables: { a: 'go', b: 'GO', c: 'abcdef' },
    });
    expect(pixelAt(await decode(await bytes(res)), 10, 10)).toEqual([0, 255, 0, 255]);
  });

  it('ignores variables the template does not use, as RasterKit does', async () => {
    const res = await postImage(s, {
      template_html: '<p>{{title}}</p>',
      variables: { title: 'x', unused: 'y', n: 3 },
    });
    expect(res.status).toBe(200);
  });

  it('scales by device_scale_factor', async () => {
    const res = await postImage(s, {
      template_html: box('red'),
      width: 64,
      height: 64,
      device_scale_factor: 2,
    });
    expect(await sharp(await bytes(res)).metadata()).toMatchObject({ width: 128, height: 128 });
  });

  it('encodes jpeg at quality 80 unless told otherwise, and webp', async () => {
    const body = { template_html: '<h1>Quality</h1>', width: 200, height: 100, format: 'jpeg' };
    const implicit = await postImage(s, body);
    expect(implicit.headers.get('content-type')).toBe('image/jpeg');
    const explicit = await postImage(s, { ...body, quality: 80 });
    expect(Buffer.compare(await bytes(implicit), await bytes(explicit))).toBe(0);
    const webp = await postImage(s, { ...body, format: 'webp' });
    expect(webp.headers.get('content-type')).toBe('image/webp');
  });

  it('renders a stored template at its own size unless width and height are given', async () => {
    const id = await rasterkitTemplate(s, { name: 'Small', html: box('{{c}}'), width: 64, height: 96 });
    const own = await postImage(s, { template_id: id, variables: { c: 'blue' } });
    expect(await sharp(await bytes(own)).metadata()).toMatchObject({ width: 64, height: 96 });
    const given = await postImage(s, { template_id: id, width: 100, height: 100 });
    expect(await sharp(await bytes(given)).metadata()).toMatchObject({ width: 100, height: 100 });
  });

  it('accepts a Bearer token as well as x-api-key', async () => {
    const res = await fetch(`${s.rasterkit}/v1/image`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template_html: '<p></p>', width: 64, height: 64 }),
    });
    expect(res.status).toBe(200);
  });
});
