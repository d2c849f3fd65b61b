// RasterKit's signed GET variant: POST /v1/signed-urls mints a URL carrying the render fields,
// account_id, expires and signature; GET /v1/image then renders it with no key. A changed
// parameter is signature_invalid, a past expiry signature_expired (both 401). Without a
// signature the same GET works with a key.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_ACCOUNT_ID } from '../../src/auth/keys.ts';
import { fieldsToQuery, signImageQuery } from '../../src/http/compat/rasterkit/signing.ts';
import { startDialects, type DialectServer } from './audome-fixture.ts';
import { keyed, rasterkitTemplate } from './rasterkit-fixture.ts';

type Json = Record<string, unknown>;
let s: DialectServer;
let templateId: string;

beforeAll(async () => {
  s = await startDialects();
  templateId = await rasterkitTemplate(s, {
    name: 'Card',
    html: '<div style="width:100%;height:100%;background:{{bg}}">{{title}}</div>',
    width: 120,
    height: 80,
  });
});
afterAll(() => s.close());

async function mint(body: Json): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${s.rasterkit}/v1/signed-urls`, {
    method: 'POST',
    headers: keyed(),
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('signed GET /v1/image', () => {
  it('renders a minted URL with no key, cacheable until it expires', async () => {
    const { status, json } = await mint({
      template_id: templateId,
      variables: { bg: '#ff0000', title: 'Hi' },
      cache_ttl: 3600,
      expires_in: 600,
    });
    expect(status).toBe(200);
    const url = new URL(String(json.url));
    expect(url.pathname).toBe(new URL(`${s.rasterkit}/v1/image`).pathname);
    expect([...url.searchParams.keys()].sort()).toEqual([
      'account_id',
      'cache_ttl',
      'expires',
      'signature',
      'template_id',
      'variables',
    ]);
    expect(Number(url.searchParams.get('expires'))).toBe(json.expires);

    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-rasterkit-cache')).toBe('MISS');
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
    expect(await sharp(Buffer.from(await res.arrayBuffer())).metadata()).toMatchObject({
      format: 'png',
      width: 120,
      height: 80,
    });
    expect((await fetch(url)).headers.get('x-rasterkit-cache')).toBe('HIT');
  });

  it('is cacheable for a day without a cache_ttl, like the other public image routes, with 304', async () => {
    const { json } = await mint({ template_id: templateId, variables: { title: 'Day' } });
    const url = new URL(String(json.url));
    expect(url.searchParams.has('cache_ttl')).toBe(false);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    // Minted for PLACARD_URL_TTL (longer than a day): the day is the cap.
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const again = await fetch(url, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(again.headers.get('etag')).toBe(etag);
  });

  it('keeps working when its parameters are reordered', async () => {
    const { json } = await mint({ template_id: templateId, width: 64, height: 64 });
    const url = new URL(String(json.url));
    const reversed = new URLSearchParams([...url.searchParams].reverse());
    expect((await fetch(`${url.origin}${url.pathname}?${reversed}`)).status).toBe(200);
  });

  it('refuses a URL with a changed parameter: 401 signature_invalid', async () => {
    const { json } = await mint({ template_id: templateId, width: 64, height: 64 });
    const url = new URL(String(json.url));
    url.searchParams.set('width', '65');
    const res = await fetch(url);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('signature_invalid');
  });

  it('refuses a URL past its expiry: 401 signature_expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const query = signImageQuery(
      s.services.signer!,
      fieldsToQuery({ template_id: templateId }),
      INSTALL_ACCOUNT_ID,
      past,
    );
    const res = await fetch(`${s.rasterkit}/v1/image?${query}`);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('signature_expired');
  });

  it('does not mint a URL for a template that does not exist', async () => {
    const { status, json } = await mint({ template_id: 'tpl_missing' });
    expect(status).toBe(404);
    expect(json.error).toMatchObject({ code: 'template_not_found' });
  });
});

describe('GET /v1/image with a key', () => {
  it('takes the same fields as query parameters, variables as JSON or one by one', async () => {
    const query = new URLSearchParams({
      template_id: templateId,
      width: '64',
      height: '64',
      'variables[bg]': '#00ff00',
    });
    const res = await fetch(`${s.rasterkit}/v1/image?${query}`, { headers: keyed() });
    expect(res.status).toBe(200);
    const json = new URLSearchParams({
      template_html: '<p>{{t}}</p>',
      variables: '{"t":"x"}',
      format: 'webp',
    });
    const webp = await fetch(`${s.rasterkit}/v1/image?${json}`, { headers: keyed() });
    expect(webp.headers.get('content-type')).toBe('image/webp');
  });

  it('needs the key when unsigned: 401 unauthorized', async () => {
    const res = await fetch(`${s.rasterkit}/v1/image?template_id=${templateId}`);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('unauthorized');
  });

  it.each([
    ['a number that is not one', 'width=wide', /query.width must be of type integer/],
    ['a repeated parameter', 'width=64&width=65', /width is given more than once/],
    ['variables that are not a JSON object', 'variables=%5B1%5D', /query.variables must be a JSON object/],
    ['an expiry without a signature', 'expires=1', /belong to a signed URL/],
    ['an unknown parameter', 'zoom=2', /query.zoom is not a known field/],
  ])('answers invalid_request for %s', async (_name, extra, message) => {
    const res = await fetch(`${s.rasterkit}/v1/image?template_id=${templateId}&${extra}`, {
      headers: keyed(),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(message);
  });
});
