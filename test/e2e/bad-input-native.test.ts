// Every bad-input class against every native render surface, over a real socket: each gets
// an answer within a few seconds, a 4xx, and the stable code in the native envelope. (An
// error raised inside the render pipeline once went unanswered on POST /v1/render.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedImageUrl } from '../../src/delivery/signed-urls.ts';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { keyHeaders, startSocketApp, type Answer, type SocketApp } from '../helpers/socket-app.ts';
import { bad, brokenJsx, MALFORMED_JSON, REFUSED_IMAGE, suiteConfig, tooLarge } from './bad-inputs.ts';

let s: SocketApp;
const stored: Record<string, string> = {};

beforeAll(async () => {
  s = await startSocketApp(suiteConfig);
  const templates = {
    throws: { kind: 'jsx', source: brokenJsx.throws },
    loops: { kind: 'jsx', source: brokenJsx.loops },
    remote: { kind: 'html', source: `<img src="${REFUSED_IMAGE}">{{title}}` },
    fine: { kind: 'html', source: '<div>{{title}}</div>' },
  };
  for (const [name, template] of Object.entries(templates)) {
    const res = await s.send('/v1/templates', { headers: keyHeaders, body: { name, ...template } });
    expect(res.status).toBe(201);
    stored[name] = (res.json() as { id: string }).id;
  }
});
afterAll(() => s.close());

/** The native envelope: { error: { code, message, docs } }. */
function expectError(res: Answer, status: number, code: string) {
  expect({ status: res.status, code: (res.json().error as { code?: string } | undefined)?.code }).toEqual({
    status,
    code,
  });
  expect((res.json().error as { message: string }).message.length).toBeGreaterThan(10);
}

const bodyCases: [string, object, number, string][] = [
  ['no template source', bad.noSource, 400, 'VALIDATION_FAILED'],
  ['only a width', bad.noSourceWidthOnly, 400, 'VALIDATION_FAILED'],
  ['a Handlebars syntax error', bad.handlebarsSyntax, 400, 'TEMPLATE_COMPILE_FAILED'],
  ['an unknown variable', bad.unknownVariable, 400, 'VALIDATION_FAILED'],
  ['an unknown preset variable', bad.unknownPresetVariable, 400, 'VALIDATION_FAILED'],
  ['a width out of range', bad.widthOutOfRange, 400, 'VALIDATION_FAILED'],
  ['an unknown format', bad.unknownFormat, 400, 'VALIDATION_FAILED'],
  ['a refused remote image', bad.refusedImage, 422, 'ASSET_FETCH_FAILED'],
  ['a JSX syntax error', bad.jsxSyntax, 400, 'TEMPLATE_COMPILE_FAILED'],
  ['a throwing JSX component', bad.jsxThrows, 422, 'TEMPLATE_RUNTIME_ERROR'],
  ['a JSX infinite loop', bad.jsxLoops, 422, 'TEMPLATE_TIMEOUT'],
  ['an unknown template_id', bad.unknownTemplate, 404, 'TEMPLATE_NOT_FOUND'],
];
const storedCases: [string, string, number, string][] = [
  ['a stored JSX template that throws', 'throws', 422, 'TEMPLATE_RUNTIME_ERROR'],
  ['a stored JSX template that loops', 'loops', 422, 'TEMPLATE_TIMEOUT'],
  ['a stored template with a refused image', 'remote', 422, 'ASSET_FETCH_FAILED'],
];
const json = { ...keyHeaders, 'content-type': 'application/json' };
const rawCases: [
  string,
  { headers: Record<string, string>; body: string; chunked?: boolean },
  number,
  string,
][] = [
  [
    'a chunked body over the limit',
    { headers: json, body: tooLarge(), chunked: true },
    413,
    'PAYLOAD_TOO_LARGE',
  ],
  ['malformed JSON', { headers: json, body: MALFORMED_JSON }, 400, 'INVALID_JSON'],
  // Deeper than JSON.stringify's stack when the 400 quotes what it received (it was a 500).
  [
    'an array nested 7 000 deep',
    { headers: json, body: '['.repeat(7_000) + ']'.repeat(7_000) },
    400,
    'VALIDATION_FAILED',
  ],
  [
    'a field holding an array nested 7 000 deep',
    { headers: json, body: `{"html":${'['.repeat(7_000)}${']'.repeat(7_000)}}` },
    400,
    'VALIDATION_FAILED',
  ],
  ['an empty body', { headers: json, body: '' }, 400, 'INVALID_JSON'],
  [
    'a text/plain body',
    { headers: { ...keyHeaders, 'content-type': 'text/plain' }, body: 'hi' },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  [
    'a form body',
    { headers: { ...keyHeaders, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  ],
  ['a body over the limit', { headers: json, body: tooLarge() }, 413, 'PAYLOAD_TOO_LARGE'],
  ['no API key', { headers: { 'content-type': 'application/json' }, body: '{}' }, 401, 'UNAUTHORIZED'],
  [
    'an unknown API key',
    { headers: { authorization: 'Bearer nope-0000', 'content-type': 'application/json' }, body: '{}' },
    401,
    'UNAUTHORIZED',
  ],
];

describe.each(['/v1/render', '/v1/validate'])('POST %s answers every bad input', (path) => {
  it.each(bodyCases)('%s', async (_name, body, status, code) => {
    expectError(await s.send(path, { headers: keyHeaders, body }), status, code);
  });
  it.each(storedCases)('%s', async (_name, template, status, code) => {
    const body = { template_id: stored[template], variables: { title: 'x' } };
    expectError(await s.send(path, { headers: keyHeaders, body }), status, code);
  });
  it.each(rawCases)('%s', async (_name, request, status, code) => {
    expectError(await s.send(path, request), status, code);
  });
});

describe.skipIf(findChromium() === undefined)('POST /v1/render with engine chromium', () => {
  // The browser starts on its first render, which may take longer than a render does.
  const first = { timeoutMs: 30_000 };
  it.each([
    ['a refused remote image', { html: bad.refusedImage.html }, 422, 'ASSET_FETCH_FAILED'],
    [
      'a refused CSS background',
      { html: `<div style="background:url(${REFUSED_IMAGE});width:9px;height:9px"></div>` },
      422,
      'ASSET_FETCH_FAILED',
    ],
    ['a throwing JSX component', bad.jsxThrows, 422, 'TEMPLATE_RUNTIME_ERROR'],
  ] as const)('%s', async (_name, body, status, code) => {
    const res = await s.send('/v1/render', {
      headers: keyHeaders,
      body: { ...body, engine: 'chromium', width: 20, height: 20 },
      ...first,
    });
    expectError(res, status, code);
  });
});

describe('POST /v1/render/batch', () => {
  it('answers each bad item with its own code, in order, and the good one with an image', async () => {
    const items = [...bodyCases.map(([, body]) => body), { html: '<div>ok</div>', width: 10, height: 10 }];
    const res = await s.send('/v1/render/batch', { headers: keyHeaders, body: { items } });
    expect(res.status).toBe(207); // 207: some items failed, each with its own error
    const answered = (res.json().items as { ok: boolean; error?: { code: string } }[]).map(
      (item) => item.error?.code ?? item.ok,
    );
    expect(answered).toEqual([...bodyCases.map(([, , , code]) => code), true]);
  });
  it.each(rawCases)('%s', async (_name, request, status, code) => {
    expectError(await s.send('/v1/render/batch', request), status, code);
  });
  it('an empty or missing item list', async () => {
    expectError(
      await s.send('/v1/render/batch', { headers: keyHeaders, body: { items: [] } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await s.send('/v1/render/batch', { headers: keyHeaders, body: {} }),
      400,
      'VALIDATION_FAILED',
    );
  });
});

describe('POST /v1/urls', () => {
  const cases: [string, object, number, string][] = [
    ['no template', {}, 400, 'VALIDATION_FAILED'],
    ['only a width', { width: 100 }, 400, 'VALIDATION_FAILED'],
    ['an unknown template_id', { template_id: 'tpl_doesnotexist' }, 404, 'TEMPLATE_NOT_FOUND'],
    ['a width out of range', { template_id: 'tpl_x', width: 99_999 }, 400, 'VALIDATION_FAILED'],
    ['an unknown format', { template_id: 'tpl_x', format: 'gif' }, 400, 'VALIDATION_FAILED'],
    ['too short an expiry', { template_id: 'tpl_x', expires_in: 1 }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown template in a batch',
      { items: [{ template_id: 'tpl_doesnotexist' }] },
      404,
      'TEMPLATE_NOT_FOUND',
    ],
  ];
  it.each(cases)('%s', async (_name, body, status, code) => {
    expectError(await s.send('/v1/urls', { headers: keyHeaders, body }), status, code);
  });
  it('an unknown variable for the template', async () => {
    const body = { template_id: stored.fine, variables: { titel: 'x' } };
    expectError(await s.send('/v1/urls', { headers: keyHeaders, body }), 400, 'VALIDATION_FAILED');
  });
  it.each(rawCases)('%s', async (_name, request, status, code) => {
    expectError(await s.send('/v1/urls', request), status, code);
  });
});

describe('GET /v1/image (signed, public)', () => {
  const sign = (templateId: string, extra: object = {}, expiresAt = Date.now() + 60_000) =>
    new URL(
      signedImageUrl(
        s.services.signer!,
        { accountId: 'acc_install', templateId, variables: { title: 'x' }, expiresAt, ...extra },
        s.url,
        '/v1/image',
      ),
    );
  const path = (url: URL) => `${url.pathname}${url.search}`;

  it('a good URL renders (the baseline for the failures below)', async () => {
    const res = await s.send(path(sign(stored.fine!, { width: 20, height: 20 })));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });
  it('no signature, a wrong one, a tampered parameter', async () => {
    expectError(await s.send('/v1/image'), 403, 'INVALID_SIGNATURE');
    expectError(await s.send(`/v1/image?templateId=${stored.fine}&sig=abc`), 403, 'INVALID_SIGNATURE');
    const tampered = sign(stored.fine!);
    tampered.searchParams.set('v_title', 'changed');
    expectError(await s.send(path(tampered)), 403, 'INVALID_SIGNATURE');
  });
  it('an expired URL', async () => {
    expectError(await s.send(path(sign(stored.fine!, {}, Date.now() - 1000))), 410, 'URL_EXPIRED');
  });
  it.each([
    ['an unknown template', () => sign('tpl_doesnotexist'), 404, 'TEMPLATE_NOT_FOUND'],
    ['a template that throws', () => sign(stored.throws!), 422, 'TEMPLATE_RUNTIME_ERROR'],
    ['a template that loops', () => sign(stored.loops!), 422, 'TEMPLATE_TIMEOUT'],
    ['a template with a refused image', () => sign(stored.remote!), 422, 'ASSET_FETCH_FAILED'],
    [
      'an unknown variable',
      () => sign(stored.fine!, { variables: { titel: 'x' } }),
      400,
      'VALIDATION_FAILED',
    ],
    // Only the server signs, so these can come only from its own key; still a 4xx.
    ['more pixels than allowed', () => sign(stored.fine!, { width: 99_999 }), 422, 'OUTPUT_TOO_LARGE'],
  ] as const)('signed, but %s', async (_name, url, status, code) => {
    expectError(await s.send(path(url())), status, code);
  });
});

describe('GET /r/:file (stored renders, public)', () => {
  it('an unknown render, an over-long name, a broken %-escape', async () => {
    expectError(await s.send('/r/rnd_doesnotexist.png'), 404, 'NOT_FOUND');
    expectError(await s.send(`/r/${'x'.repeat(90)}.png`), 400, 'VALIDATION_FAILED');
    // Past Fastify's parameter length, and a path it cannot decode: its router answers these
    // before any route, so they are checked in our envelope too.
    expectError(await s.send(`/r/${'x'.repeat(200)}.png`), 400, 'VALIDATION_FAILED');
    expectError(await s.send('/r/%zz.png'), 400, 'VALIDATION_FAILED');
  });
  it('the same router errors on a keyed route', async () => {
    expectError(
      await s.send(`/v1/renders/${'x'.repeat(200)}`, { headers: keyHeaders }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await s.send('/v1/templates/%E0%A4%A', { headers: keyHeaders }), 400, 'VALIDATION_FAILED');
  });
});
