// HTMLPix signed URLs: POST /v1/url and /v1/urls mint them (one quota unit each), GET
// /v1/image serves them publicly with the doc's headers, 304, X-Cache render then r2, and
// refuses a changed URL (403) or an expired one (410).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedImageUrl } from '../../src/delivery/signed-urls.ts';
import { decode } from '../helpers/image.ts';
import {
  createTemplate,
  launchCode,
  startHtmlpix,
  type ErrorBody,
  type HtmlpixServer,
} from './htmlpix-app.ts';

let s: HtmlpixServer;
let templateId: string;
beforeAll(async () => {
  s = await startHtmlpix();
  templateId = await createTemplate(s);
});
afterAll(() => s.close());

type Minted = { url: string; expiresAt: number };
type MintedList = { urls: { templateId: string; url: string; expiresAt: number }[] };

const mint = async (body: Record<string, unknown>) => {
  const res = await s.call<Minted>('POST', '/v1/url', { templateId, ...body });
  expect(res.status).toBe(200);
  return res.json;
};

describe('POST /v1/url', () => {
  it('mints a signed URL with the doc parameters, webp by default, expiring after PLACARD_URL_TTL', async () => {
    const before = Date.now();
    const { url, expiresAt } = await mint({ variables: { title: 'Launch Day' } });
    expect(expiresAt).toBeGreaterThanOrEqual(before + s.t.config.urlTtl * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + s.t.config.urlTtl * 1000);
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe(`${s.base}/v1/image`);
    const q = parsed.searchParams;
    expect(q.get('templateId')).toBe(templateId);
    expect(q.get('uid')).toBe('acc_install');
    expect(q.get('exp')).toBe(String(expiresAt));
    expect(q.get('tv')).toBe('1');
    expect(q.get('rv')).toMatch(/^[\w-]{8}$/);
    expect(q.get('format')).toBe('webp');
    expect(q.get('v_title')).toBe('Launch Day');
    expect(q.get('sig')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('carries width, height, format, quality and devicePixelRatio into the image', async () => {
    const { url } = await mint({ width: 300, height: 200, format: 'png', quality: 0, devicePixelRatio: 2 });
    const q = new URL(url).searchParams;
    // HTMLPix allows quality 0; our encoders start at 1.
    expect([q.get('width'), q.get('height'), q.get('format'), q.get('quality'), q.get('dpr')]).toEqual([
      '300',
      '200',
      'png',
      '1',
      '2',
    ]);
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('image/png');
    const image = await decode(Buffer.from(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([600, 400]);
  });

  it('refuses unknown templates, other accounts’ templates, unknown variables and bad fields', async () => {
    const other = { authorization: `Bearer ${await s.otherKey()}` };
    const foreign = await s.call<ErrorBody>('POST', '/v1/url', { templateId }, other);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('TEMPLATE_NOT_FOUND');
    const variable = await s.call<ErrorBody>('POST', '/v1/url', { templateId, variables: { titel: 'x' } });
    expect(variable.status).toBe(400);
    expect(variable.json.error.message).toBe(
      'variables.titel is not a variable of this template; allowed: title',
    );
    const fields = await s.call<ErrorBody>('POST', '/v1/url', { templateId, width: 5000, format: 'gif' });
    expect(fields.status).toBe(400);
    expect(fields.json.error.message).toContain('body.width must be <= 4096; received: 5000');
    expect(fields.json.error.message).toContain(
      'body.format must be one of "png", "jpeg", "webp"; received: "gif"',
    );
    const version = await s.call<ErrorBody>('POST', '/v1/url', { templateId, tv: '9' });
    expect(version.status).toBe(404);
    expect(version.json.error.message).toContain('at version 9');
    const tv = await s.call<ErrorBody>('POST', '/v1/url', { templateId, tv: 'latest' });
    expect(tv.status).toBe(400);
    expect(tv.json.error.message).toBe(
      'tv must be a template version number (1, 2, 3, ...); received: "latest"',
    );
  });

  it('mints URLs for starters', async () => {
    const res = await s.call<Minted>('POST', '/v1/url', {
      templateId: 'starter:quote-card',
      variables: { quote: 'Less is more.' },
    });
    const image = await fetch(res.json.url);
    expect(image.status).toBe(200);
    // The starter declares png, which wins over the webp default.
    expect(image.headers.get('content-type')).toBe('image/png');
  });
});

describe('POST /v1/urls', () => {
  it('mints up to 25 URLs in one call, in order', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ templateId, variables: { title: `Page ${i}` } }));
    const res = await s.call<MintedList>('POST', '/v1/urls', { items });
    expect(res.status).toBe(200);
    expect(res.json.urls).toHaveLength(25);
    expect(res.json.urls[3]!.templateId).toBe(templateId);
    expect(new URL(res.json.urls[3]!.url).searchParams.get('v_title')).toBe('Page 3');
  });

  it('refuses 26 items, no items, and names the bad item of a batch', async () => {
    const items = Array.from({ length: 26 }, () => ({ templateId }));
    const tooMany = await s.call<ErrorBody>('POST', '/v1/urls', { items });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toContain('body.items must NOT have more than 25 items');
    expect((await s.call('POST', '/v1/urls', { items: [] })).status).toBe(400);
    const bad = await s.call<ErrorBody>('POST', '/v1/urls', {
      items: [{ templateId }, { templateId: 'tpl_nope' }],
    });
    expect(bad.status).toBe(404);
    expect(bad.json.error.message).toMatch(/^items\[1\]: No template "tpl_nope"/);
  });
});

describe('GET /v1/image', () => {
  it('renders on the first fetch and serves the cache after, with the doc headers and 304', async () => {
    const { url } = await mint({ variables: { title: 'Headers' } });
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/webp');
    expect(first.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(first.headers.get('x-cache')).toBe('render');
    expect(first.headers.get('server-timing')).toMatch(/^render;dur=[\d.]+$/);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const bytes = Buffer.from(await first.arrayBuffer());
    expect((await decode(bytes)).width).toBe(1200);

    const second = await fetch(url);
    expect(second.headers.get('x-cache')).toBe('r2');
    expect(second.headers.get('server-timing')).toBeNull();
    expect(second.headers.get('etag')).toBe(etag);
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);

    const notModified = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('needs no key, and refuses a changed URL with 403 INVALID_SIGNATURE', async () => {
    const { url } = await mint({ variables: { title: 'Signed' } });
    const tampered = url.replace('v_title=Signed', 'v_title=Hacked');
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('INVALID_SIGNATURE');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const unsigned = await fetch(url.replace(/&sig=[0-9a-f]+/, ''));
    expect(((await unsigned.json()) as ErrorBody).error.message).toBe('The URL has no sig parameter.');
  });

  it('refuses an expired URL with 410 URL_EXPIRED', async () => {
    const url = signedImageUrl(
      s.t.services.signer!,
      { accountId: 'acc_install', templateId, variables: {}, format: 'webp', expiresAt: Date.now() - 1000 },
      s.base,
      '/v1/image',
    );
    const res = await fetch(url);
    expect(res.status).toBe(410);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('URL_EXPIRED');
    expect(body.error.message).toMatch(/^The URL expired at \d{4}-/);
  });

  it('keeps rendering the version a URL was minted for after the template changes', async () => {
    const id = await createTemplate(s, launchCode('Version one'));
    const before = await mint({ templateId: id });
    const patched = await s.call('PATCH', `/v1/templates/${id}`, { code: launchCode('Version two') });
    expect(patched.status).toBe(200);
    const after = await mint({ templateId: id });
    expect(new URL(after.url).searchParams.get('tv')).toBe('2');
    const [old, fresh] = await Promise.all([fetch(before.url), fetch(after.url)]);
    expect(old.status).toBe(200);
    expect(old.headers.get('etag')).not.toBe(fresh.headers.get('etag'));
    const pinned = await mint({ templateId: id, tv: 1 });
    expect((await fetch(pinned.url)).headers.get('etag')).toBe(old.headers.get('etag'));
  });

  it('answers the template’s own render error (422 TEMPLATE_RUNTIME_ERROR) for a template that throws', async () => {
    const id = await createTemplate(
      s,
      'export default function Template({ title = "x" }) {\n  if (title) throw new Error("no " + title);\n  return <div />;\n}',
      'Throws',
    );
    const { url } = await mint({ templateId: id });
    const res = await fetch(url);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('TEMPLATE_RUNTIME_ERROR');
    expect(body.error.message).toContain('no x');
  });
});
