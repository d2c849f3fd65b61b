// Every error code the HTMLPix dialect answers with, each produced here, in its envelope
// { error: { code, message } } with the registry's status. Render errors on GET /v1/image pass
// through from the pipeline unchanged; a representative few are produced here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type ErrorCode } from '../../src/errors/codes.ts';
import { PlacardError } from '../../src/errors/placard-error.ts';
import { unmetered, type Admission } from '../../src/http/admission.ts';
import { startFakeAi, type FakeAi } from '../ai/fake-openai.ts';
import {
  bearer,
  createTemplate,
  startHtmlpix,
  type ErrorBody,
  type HtmlpixServer,
  type Reply,
} from './htmlpix-app.ts';

const dialectCodes: ErrorCode[] = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'TEMPLATE_COMPILE_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INVALID_SIGNATURE',
  'URL_EXPIRED',
  'NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'QUOTA_EXCEEDED',
  'INSUFFICIENT_CREDITS',
  'PLAN_REQUIRED',
  'INTERNAL_ERROR',
  'AI_NOT_CONFIGURED',
  'GENERATION_FAILED',
  // Passed through from the pipeline on GET /v1/image.
  'TEMPLATE_RUNTIME_ERROR',
  'TEMPLATE_TIMEOUT',
  'ASSET_FETCH_FAILED',
  'OUTPUT_TOO_LARGE',
];
const seen = new Set<string>();

/** Expects the envelope with `code` and its registry status; records the code as produced. */
function expectError(res: Reply<ErrorBody>, code: ErrorCode): ErrorBody['error'] {
  expect(res.json.error?.code, JSON.stringify(res.json)).toBe(code);
  expect(res.status).toBe(errorCodes[code].status);
  expect(typeof res.json.error.message).toBe('string');
  seen.add(code);
  return res.json.error;
}

let failWith: Error | undefined;
const switchable: Admission = {
  requireFeatures: async () => undefined,
  async admit(request, features, units) {
    if (failWith) throw failWith;
    return unmetered.admit(request, features, units);
  },
};

let ai: FakeAi;
let s: HtmlpixServer;
let templateId: string;
beforeAll(async () => {
  ai = await startFakeAi(() => ({ content: 'Sorry, I cannot help with that.' }));
  s = await startHtmlpix(
    { aiBaseUrl: ai.baseUrl, aiApiKey: 'k', aiModel: 'm', jsxTimeoutMs: 100 },
    switchable,
  );
  templateId = await createTemplate(s);
});
afterAll(async () => {
  await s.close();
  await ai.close();
});

const raw = async (path: string, init: RequestInit): Promise<Reply<ErrorBody>> => {
  const res = await fetch(`${s.base}${path}`, init);
  return { status: res.status, headers: res.headers, json: (await res.json()) as ErrorBody };
};
const mintUrl = async (body: Record<string, unknown>) =>
  (await s.call<{ url: string }>('POST', '/v1/url', body)).json.url;
const fetchImage = async (url: string): Promise<Reply<ErrorBody>> => {
  const res = await fetch(url);
  return { status: res.status, headers: res.headers, json: (await res.json()) as ErrorBody };
};

describe('request errors', () => {
  it('UNAUTHORIZED without a key or with an unknown one; x-api-key works too', async () => {
    expectError(await s.call('GET', '/v1/templates', undefined, {}), 'UNAUTHORIZED');
    const unknown = expectError(
      await s.call('GET', '/v1/templates', undefined, { authorization: 'Bearer nope-123456' }),
      'UNAUTHORIZED',
    );
    expect(unknown.message).toBe('Unknown or revoked API key starting with "nope-123".');
    expect(
      (await s.call('GET', '/v1/templates', undefined, { 'x-api-key': bearer.authorization.slice(7) }))
        .status,
    ).toBe(200);
  });

  it('VALIDATION_FAILED, INVALID_JSON, UNSUPPORTED_MEDIA_TYPE, PAYLOAD_TOO_LARGE, NOT_FOUND', async () => {
    expectError(await s.call('POST', '/v1/url', { templateId, width: 0 }), 'VALIDATION_FAILED');
    const json = { ...bearer, 'content-type': 'application/json' };
    expectError(
      await raw('/v1/url', { method: 'POST', headers: json, body: '{"templateId":' }),
      'INVALID_JSON',
    );
    const text = { ...bearer, 'content-type': 'text/plain' };
    expectError(
      await raw('/v1/url', { method: 'POST', headers: text, body: 'hello' }),
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const big = JSON.stringify({ templateId, variables: { title: 'x'.repeat(s.t.config.bodyLimitBytes) } });
    expectError(await raw('/v1/url', { method: 'POST', headers: json, body: big }), 'PAYLOAD_TOO_LARGE');
    const missing = expectError(await s.call('GET', '/v1/nothing-here'), 'NOT_FOUND');
    expect(missing.message).toBe('No route GET /compat/htmlpix/v1/nothing-here.');
  });

  it('TEMPLATE_COMPILE_FAILED, TEMPLATE_NOT_FOUND and FORBIDDEN', async () => {
    expectError(
      await s.call('POST', '/v1/templates', { name: 'x', code: 'export default 42;' }),
      'TEMPLATE_COMPILE_FAILED',
    );
    expectError(await s.call('GET', '/v1/templates/tpl_missing'), 'TEMPLATE_NOT_FOUND');
    expectError(await s.call('PATCH', '/v1/templates/starter:quote-card', { name: 'x' }), 'FORBIDDEN');
  });
});

describe('metering errors pass through with their headers', () => {
  it.each([
    ['RATE_LIMITED', { 'Retry-After': '30', 'X-RateLimit-Limit': '10' }],
    ['QUOTA_EXCEEDED', { 'Retry-After': '86400' }],
    ['INSUFFICIENT_CREDITS', undefined],
    ['PLAN_REQUIRED', undefined],
  ] as const)('%s', async (code, headers) => {
    failWith = new PlacardError(code, `${code} for this test`, { headers });
    try {
      const res = await s.call<ErrorBody>('POST', '/v1/url', { templateId });
      expectError(res, code);
      if (headers) expect(res.headers.get('retry-after')).toBe(headers['Retry-After']);
    } finally {
      failWith = undefined;
    }
  });

  it('INTERNAL_ERROR for anything unexpected, revealing nothing', async () => {
    failWith = new Error('database password is hunter2');
    try {
      const error = expectError(
        await s.call('POST', '/v1/urls', { items: [{ templateId }] }),
        'INTERNAL_ERROR',
      );
      expect(error.message).toBe('An unexpected error occurred; it has been logged.');
    } finally {
      failWith = undefined;
    }
  });
});

describe('image errors', () => {
  it('INVALID_SIGNATURE and URL_EXPIRED', async () => {
    const url = await mintUrl({ templateId });
    expectError(await fetchImage(url.replace(/sig=[0-9a-f]{6}/, 'sig=000000')), 'INVALID_SIGNATURE');
    const expired = new URL(url);
    expired.searchParams.set('exp', '1000');
    // Changing exp breaks the signature first: an expired forgery is still a forgery.
    expectError(await fetchImage(expired.toString()), 'INVALID_SIGNATURE');
    const { signedImageUrl } = await import('../../src/delivery/signed-urls.ts');
    const old = signedImageUrl(
      s.t.services.signer!,
      { accountId: 'acc_install', templateId, variables: {}, expiresAt: 1000 },
      s.base,
      '/v1/image',
    );
    expectError(await fetchImage(old), 'URL_EXPIRED');
  });

  it('TEMPLATE_RUNTIME_ERROR, TEMPLATE_TIMEOUT, ASSET_FETCH_FAILED and OUTPUT_TOO_LARGE from the render', async () => {
    const throws = await createTemplate(
      s,
      'export default function T({ a = "x" }) { throw new Error("boom " + a); }',
      't',
    );
    expectError(await fetchImage(await mintUrl({ templateId: throws })), 'TEMPLATE_RUNTIME_ERROR');
    const loops = await createTemplate(
      s,
      'export default function T({ a = "x" }) { while (a) {} return <div />; }',
      'l',
    );
    expectError(await fetchImage(await mintUrl({ templateId: loops })), 'TEMPLATE_TIMEOUT');
    const image = await createTemplate(
      s,
      'export default function T({ src = "http://127.0.0.1:9/x.png" }) { return <div style={{ display: "flex" }}><img src={src} width={10} height={10} /></div>; }',
      'i',
    );
    const refused = expectError(await fetchImage(await mintUrl({ templateId: image })), 'ASSET_FETCH_FAILED');
    expect(refused.message).toContain('127.0.0.1');
    const huge = await mintUrl({ templateId, width: 4096, height: 4096, devicePixelRatio: 3 });
    expectError(await fetchImage(huge), 'OUTPUT_TOO_LARGE');
  });
});

describe('generation errors', () => {
  it('GENERATION_FAILED per item, and AI_NOT_CONFIGURED without the settings', async () => {
    const res = await s.call<{ results: { ok: boolean; error?: { code: string; message: string } }[] }>(
      'POST',
      '/v1/templates/generate',
      { items: [{ prompt: 'a card' }] },
    );
    expect(res.status).toBe(200);
    const item = res.json.results[0]!;
    expect(item.error?.code).toBe('GENERATION_FAILED');
    expect(item.error?.message).toContain('The answer held no code');
    seen.add('GENERATION_FAILED');
    const off = await startHtmlpix();
    try {
      expectError(
        await off.call('POST', '/v1/templates/generate', { items: [{ prompt: 'x' }] }),
        'AI_NOT_CONFIGURED',
      );
    } finally {
      await off.close();
    }
  });
});

it('produced every code of the dialect', () => {
  expect(dialectCodes.filter((code) => !seen.has(code))).toEqual([]);
});
