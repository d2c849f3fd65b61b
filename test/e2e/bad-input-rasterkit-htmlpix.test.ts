// The bad-input classes against the RasterKit (POST and GET /v1/image, signed GET, signed-urls,
// templates) and HTMLPix (url minting, templates, the signed public image) dialects over a real
// socket: each gets an answer within a few seconds, a 4xx, and the dialect's code in its
// own envelope — including templates that only fail once they run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedImageUrl } from '../../src/delivery/signed-urls.ts';
import { fieldsToQuery, signImageQuery } from '../../src/http/compat/rasterkit/signing.ts';
import { keyHeaders, startSocketApp, type Answer, type SocketApp } from '../helpers/socket-app.ts';
import { bad, brokenJsx, MALFORMED_JSON, REFUSED_IMAGE, suiteConfig, tooLarge } from './bad-inputs.ts';

let s: SocketApp;
const stored: Record<string, string> = {};

async function create(path: string, body: object): Promise<string> {
  const res = await s.send(path, { headers: keyHeaders, body });
  expect(res.status).toBe(201);
  const json = res.json() as { id?: string; templateId?: string };
  return (json.id ?? json.templateId)!;
}

beforeAll(async () => {
  s = await startSocketApp(suiteConfig);
  stored.throws = await create('/compat/htmlpix/v1/templates', { name: 'throws', code: brokenJsx.throws });
  stored.loops = await create('/compat/htmlpix/v1/templates', { name: 'loops', code: brokenJsx.loops });
  stored.remoteJsx = await create('/compat/htmlpix/v1/templates', {
    name: 'remote-jsx',
    code: `export default function T({ title = "x" }) { return <div><img src="${REFUSED_IMAGE}" />{title}</div>; }`,
  });
  stored.remote = await create('/compat/rasterkit/v1/templates', {
    name: 'remote',
    html: `<img src="${REFUSED_IMAGE}">{{title}}`,
  });
});
afterAll(() => s.close());

const json = { ...keyHeaders, 'content-type': 'application/json' };
type Raw = { headers: Record<string, string>; body: string };
const rawCases = (codes: Record<string, [number, string]>): [string, Raw, number, string][] => [
  ['malformed JSON', { headers: json, body: MALFORMED_JSON }, ...codes.malformed!],
  [
    'a text/plain body',
    { headers: { ...keyHeaders, 'content-type': 'text/plain' }, body: 'hi' },
    ...codes.media!,
  ],
  ['a body over the limit', { headers: json, body: tooLarge() }, ...codes.large!],
  ['no API key', { headers: { 'content-type': 'application/json' }, body: '{}' }, ...codes.key!],
  [
    'an unknown API key',
    { headers: { ...json, authorization: 'Bearer nope-0000' }, body: '{}' },
    ...codes.key!,
  ],
];
const pathOf = (url: URL) => `${url.pathname}${url.search}`;

describe('RasterKit: { error: { code, message, docs } }', () => {
  function expectRk(res: Answer, status: number, code: string) {
    const error = res.json().error as { code: string; message: string; docs: string };
    expect({ status: res.status, code: error.code }).toEqual({ status, code });
    expect(error.message.length).toBeGreaterThan(5);
  }
  const cases: [string, object, number, string][] = [
    ['no template source', bad.noSource, 400, 'invalid_request'],
    ['only a width', bad.noSourceWidthOnly, 400, 'invalid_request'],
    ['a Handlebars syntax error', { template_html: bad.handlebarsSyntax.html }, 422, 'template_invalid'],
    ['a width out of range', { template_html: '<div>x</div>', width: 99_999 }, 400, 'invalid_request'],
    ['an unknown format', { template_html: '<div>x</div>', format: 'gif' }, 400, 'invalid_request'],
    ['an unknown template_id', { template_id: 'tpl_doesnotexist' }, 404, 'template_not_found'],
  ];
  const runCases: [string, () => object, number, string][] = [
    ['a refused remote image', () => ({ template_html: bad.refusedImage.html }), 451, 'url_blocked'],
    ['a stored template with a refused image', () => ({ template_id: stored.remote }), 451, 'url_blocked'],
    ['a stored JSX template that throws', () => ({ template_id: stored.throws }), 422, 'template_invalid'],
    ['a stored JSX template that loops', () => ({ template_id: stored.loops }), 422, 'template_invalid'],
  ];
  const raw = rawCases({
    malformed: [400, 'invalid_request'],
    media: [400, 'invalid_request'],
    large: [413, 'payload_too_large'],
    key: [401, 'unauthorized'],
  });

  it.each(cases)('POST /v1/image: %s', async (_name, body, status, code) => {
    expectRk(await s.send('/compat/rasterkit/v1/image', { headers: keyHeaders, body }), status, code);
  });
  it.each(runCases)('POST /v1/image: %s', async (_name, body, status, code) => {
    expectRk(await s.send('/compat/rasterkit/v1/image', { headers: keyHeaders, body: body() }), status, code);
  });
  it.each(cases)('POST /v1/signed-urls: %s', async (_name, body, status, code) => {
    expectRk(await s.send('/compat/rasterkit/v1/signed-urls', { headers: keyHeaders, body }), status, code);
  });
  const allCases = [...cases.map(([n, b, st, c]) => [n, () => b, st, c] as const), ...runCases];
  it.each(allCases)('GET /v1/image with a key: %s', async (_name, body, status, code) => {
    const query = fieldsToQuery(body() as never);
    expectRk(await s.send(`/compat/rasterkit/v1/image?${query}`, { headers: keyHeaders }), status, code);
  });
  it.each(raw)('POST /v1/image: %s', async (_name, request, status, code) => {
    expectRk(await s.send('/compat/rasterkit/v1/image', request), status, code);
  });
  it.each(raw)('POST /v1/signed-urls: %s', async (_name, request, status, code) => {
    expectRk(await s.send('/compat/rasterkit/v1/signed-urls', request), status, code);
  });
  it('POST /v1/templates: a Handlebars syntax error, no html', async () => {
    const syntax = { name: 'x', html: bad.handlebarsSyntax.html };
    expectRk(
      await s.send('/compat/rasterkit/v1/templates', { headers: keyHeaders, body: syntax }),
      422,
      'template_invalid',
    );
    expectRk(
      await s.send('/compat/rasterkit/v1/templates', { headers: keyHeaders, body: { name: 'x' } }),
      400,
      'invalid_request',
    );
  });

  it('router errors: an over-long or undecodable template id', async () => {
    const long = `/compat/rasterkit/v1/templates/${'x'.repeat(200)}`;
    expectRk(await s.send(long, { headers: keyHeaders }), 400, 'invalid_request');
    expectRk(
      await s.send('/compat/rasterkit/v1/templates/%zz', { headers: keyHeaders }),
      400,
      'invalid_request',
    );
  });

  describe('signed GET /v1/image (no key)', () => {
    const sign = (fields: object, expires = Math.floor(Date.now() / 1000) + 600) =>
      `/compat/rasterkit/v1/image?${signImageQuery(s.services.signer!, fieldsToQuery(fields as never), 'acc_install', expires)}`;
    it('a good URL renders (the baseline for the failures below)', async () => {
      const res = await s.send(sign({ template_html: '<div>ok</div>', width: 64, height: 64 }));
      expect(res.status).toBe(200);
    });
    it('a wrong signature, a tampered parameter, an expired URL', async () => {
      const good = sign({ template_html: '<div>ok</div>' });
      expectRk(await s.send(good.replace(/signature=\w+/, 'signature=abc')), 401, 'signature_invalid');
      expectRk(await s.send(good.replace('ok', 'changed')), 401, 'signature_invalid');
      const expired = sign({ template_html: '<div>ok</div>' }, Math.floor(Date.now() / 1000) - 10);
      expectRk(await s.send(expired), 401, 'signature_expired');
    });
    it.each(allCases)('signed, but %s', async (_name, body, status, code) => {
      expectRk(await s.send(sign(body())), status, code);
    });
  });
});

describe('HTMLPix: { error: { code, message } }', () => {
  function expectPix(res: Answer, status: number, code: string) {
    const error = res.json().error as { code: string; message: string };
    expect({ status: res.status, code: error.code }).toEqual({ status, code });
    expect(error.message.length).toBeGreaterThan(5);
  }
  const mintCases: [string, object, number, string][] = [
    ['no templateId', {}, 400, 'VALIDATION_FAILED'],
    ['only a width', bad.noSourceWidthOnly, 400, 'VALIDATION_FAILED'],
    ['an unknown template', { templateId: 'tpl_doesnotexist' }, 404, 'TEMPLATE_NOT_FOUND'],
    ['a width out of range', { templateId: 'tpl_x', width: 99_999 }, 400, 'VALIDATION_FAILED'],
    ['an unknown format', { templateId: 'tpl_x', format: 'gif' }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown variable',
      { templateId: 'starter:quote-card', variables: { nope: 'x' } },
      400,
      'VALIDATION_FAILED',
    ],
  ];
  const raw = rawCases({
    malformed: [400, 'INVALID_JSON'],
    media: [415, 'UNSUPPORTED_MEDIA_TYPE'],
    large: [413, 'PAYLOAD_TOO_LARGE'],
    key: [401, 'UNAUTHORIZED'],
  });
  it.each(mintCases)('POST /v1/url: %s', async (_name, body, status, code) => {
    expectPix(await s.send('/compat/htmlpix/v1/url', { headers: keyHeaders, body }), status, code);
  });
  it.each(mintCases)('POST /v1/urls: %s', async (_name, body, status, code) => {
    const res = await s.send('/compat/htmlpix/v1/urls', { headers: keyHeaders, body: { items: [body] } });
    expectPix(res, status, code);
  });
  it.each(raw)('POST /v1/url: %s', async (_name, request, status, code) => {
    expectPix(await s.send('/compat/htmlpix/v1/url', request), status, code);
  });
  it.each(raw)('POST /v1/templates: %s', async (_name, request, status, code) => {
    expectPix(await s.send('/compat/htmlpix/v1/templates', request), status, code);
  });
  it('router errors: an over-long or undecodable template id', async () => {
    const long = `/compat/htmlpix/v1/templates/${'x'.repeat(300)}`;
    expectPix(await s.send(long, { headers: keyHeaders }), 400, 'VALIDATION_FAILED');
    expectPix(
      await s.send('/compat/htmlpix/v1/templates/%zz', { headers: keyHeaders }),
      400,
      'VALIDATION_FAILED',
    );
  });
  it('POST /v1/templates: a JSX syntax error', async () => {
    const body = { name: 'x', code: bad.jsxSyntax.jsx };
    expectPix(
      await s.send('/compat/htmlpix/v1/templates', { headers: keyHeaders, body }),
      400,
      'TEMPLATE_COMPILE_FAILED',
    );
  });

  describe('signed GET /v1/image (no key)', () => {
    const sign = (templateId: string, extra: object = {}, expiresAt = Date.now() + 60_000) =>
      pathOf(
        new URL(
          signedImageUrl(
            s.services.signer!,
            { accountId: 'acc_install', templateId, variables: {}, expiresAt, ...extra },
            s.url,
            '/compat/htmlpix/v1/image',
          ),
        ),
      );
    it('a minted URL renders (the baseline for the failures below)', async () => {
      const res = await s.send('/compat/htmlpix/v1/url', {
        headers: keyHeaders,
        body: { templateId: 'starter:quote-card', width: 64, height: 64 },
      });
      const image = await s.send(pathOf(new URL((res.json() as { url: string }).url)));
      expect(image.status).toBe(200);
    });
    it('no signature, a tampered parameter, an expired URL', async () => {
      expectPix(await s.send('/compat/htmlpix/v1/image'), 403, 'INVALID_SIGNATURE');
      expectPix(
        await s.send(
          sign('starter:quote-card').replace('templateId=starter%3Aquote-card', 'templateId=other'),
        ),
        403,
        'INVALID_SIGNATURE',
      );
      expectPix(await s.send(sign('starter:quote-card', {}, Date.now() - 1000)), 410, 'URL_EXPIRED');
    });
    it.each([
      ['an unknown template', 'tpl_doesnotexist', 404, 'TEMPLATE_NOT_FOUND'],
      ['a template that throws', 'throws', 422, 'TEMPLATE_RUNTIME_ERROR'],
      ['a template that loops', 'loops', 422, 'TEMPLATE_TIMEOUT'],
      ['a template with a refused image', 'remoteJsx', 422, 'ASSET_FETCH_FAILED'],
    ])('signed, but %s', async (_name, template, status, code) => {
      expectPix(await s.send(sign(stored[template] ?? template)), status, code);
    });
  });
});
