import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode, diffWithReference, pixelAt } from '../helpers/image.ts';

const bench = path.resolve(import.meta.dirname, '../../bench');
const card = fs.readFileSync(path.join(bench, 'standard-card.html'), 'utf8');
const cardSettings = JSON.parse(fs.readFileSync(path.join(bench, 'standard-card.json'), 'utf8')) as {
  variables: Record<string, string>;
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const render = (body: unknown, headers: Record<string, string> = auth) =>
  t.app.inject({ method: 'POST', url: '/v1/render', headers, payload: body as object });

const error = (res: { json: () => unknown }) => (res.json() as { error: Record<string, unknown> }).error;

describe('POST /v1/render', () => {
  it('renders the standard card like the committed reference', async () => {
    const res = await render({ html: card, variables: cardSettings.variables });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.headers.etag).toMatch(/^"[\w-]{32}"$/);
    expect(Number(res.headers['x-render-ms'])).toBeGreaterThan(0);
    expect(res.headers['x-engine']).toBe('native');
    expect(res.headers['x-font-fallback']).toBeUndefined();
    const image = await decode(res.rawPayload);
    expect([image.width, image.height]).toEqual([1200, 630]);
    expect(await diffWithReference('standard-card', res.rawPayload)).toBeLessThan(0.005);
  });

  it('gives identical renders the same ETag and different ones a different ETag', async () => {
    const a = await render({ html: '<div>{{x}}</div>', variables: { x: 'one' }, width: 200, height: 100 });
    const b = await render({ html: '<div>{{x}}</div>', variables: { x: 'one' }, width: 200, height: 100 });
    const c = await render({ html: '<div>{{x}}</div>', variables: { x: 'two' }, width: 200, height: 100 });
    expect(a.headers.etag).toBe(b.headers.etag);
    expect(a.headers.etag).not.toBe(c.headers.etag);
  });

  it.each([
    ['jpeg', 'image/jpeg', [0xff, 0xd8, 0xff]],
    ['webp', 'image/webp', [0x52, 0x49, 0x46, 0x46]],
    ['avif', 'image/avif', [0x00, 0x00, 0x00]],
    ['pdf', 'application/pdf', [0x25, 0x50, 0x44, 0x46]],
  ])('encodes %s', async (format, type, magic) => {
    const res = await render({ html: card, variables: cardSettings.variables, format, quality: 80 });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect([...res.rawPayload.subarray(0, magic.length)]).toEqual(magic);
    if (format !== 'pdf') {
      const image = await decode(res.rawPayload);
      expect([image.width, image.height]).toEqual([1200, 630]);
    } else {
      const pdf = await PDFDocument.load(res.rawPayload);
      expect(pdf.getPageCount()).toBe(1);
      expect(pdf.getPage(0).getSize()).toEqual({ width: 1200, height: 630 });
    }
  });

  it('draws width*scale x height*scale pixels', async () => {
    const res = await render({ html: card, variables: cardSettings.variables, scale: 2 });
    const image = await decode(res.rawPayload);
    expect([image.width, image.height]).toEqual([2400, 1260]);
    expect(res.headers['x-image-width']).toBe('2400');
  });

  it('draws on white by default, on the given colour, and keeps alpha for transparent', async () => {
    const html = '<div style="width:10px;height:10px;background:#ff0000"></div>';
    const white = await decode((await render({ html, width: 40, height: 40 })).rawPayload);
    expect(pixelAt(white, 30, 30)).toEqual([255, 255, 255, 255]);
    expect(pixelAt(white, 5, 5)).toEqual([255, 0, 0, 255]);
    const blue = await decode(
      (await render({ html, width: 40, height: 40, background: 'rgb(0 0 255)' })).rawPayload,
    );
    expect(pixelAt(blue, 30, 30)).toEqual([0, 0, 255, 255]);
    for (const format of ['png', 'webp']) {
      const res = await render({ html, width: 40, height: 40, background: 'transparent', format });
      const clear = await decode(res.rawPayload);
      expect(pixelAt(clear, 30, 30)[3]).toBe(0);
      expect(pixelAt(clear, 5, 5)[3]).toBe(255);
    }
  });

  it('escapes {{var}} and keeps {{{var}}} raw', async () => {
    const size = { width: 600, height: 100 };
    const escaped = await render({ html: '<div>{{t}}</div>', variables: { t: '<b>x</b>' }, ...size });
    const literal = await render({ html: '<div>&lt;b&gt;x&lt;/b&gt;</div>', ...size });
    const raw = await render({ html: '<div>{{{t}}}</div>', variables: { t: '<b>x</b>' }, ...size });
    expect(escaped.headers.etag).toBe(literal.headers.etag);
    expect(raw.headers.etag).not.toBe(escaped.headers.etag);
  });

  it('renders a <script> title as text, never as markup', async () => {
    const size = { width: 600, height: 100 };
    const res = await render({
      html: '<div>{{title}}</div>',
      variables: { title: '<script>alert(1)</script>' },
      ...size,
    });
    const literal = await render({ html: '<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>', ...size });
    const empty = await render({ html: '<div></div>', ...size });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(literal.headers.etag);
    expect(res.headers.etag).not.toBe(empty.headers.etag);
  });

  it('refuses a variable the template does not use, and a wrong type for a typed one', async () => {
    const res = await render({
      html: '<img src="{{logo}}"><div style="color: {{ink}}">{{title}}</div>',
      variables: { titel: 'typo', logo: 42, ink: 'not-a-colour' },
    });
    expect(res.statusCode).toBe(400);
    const message = String(error(res).message);
    expect(message).toContain(
      'variables.titel is not a variable of this template; allowed: logo, ink, title',
    );
    expect(message).toContain('variables.logo must be an http(s) URL or a data:image URL; received: 42');
    expect(message).toContain('variables.ink must be a CSS colour; received: "not-a-colour"');
  });

  it('renders missing variables as empty text', async () => {
    const res = await render({
      html: '<div>{{missing}}{{deep.missing.value}}{{uppercase nope}}</div>',
      width: 50,
      height: 50,
    });
    const empty = await render({ html: '<div></div>', width: 50, height: 50 });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(empty.headers.etag);
  });

  it('names font families that are not bundled and draws them in Inter', async () => {
    const res = await render({
      html: '<div style="font-family: \'Comic Sans MS\', sans-serif">Hi</div>',
      width: 100,
      height: 50,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-font-fallback']).toContain('Comic Sans MS');
  });
});

describe('POST /v1/render with bad input', () => {
  it('refuses invalid JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"html": "<div>',
    });
    expect(res.statusCode).toBe(400);
    expect(error(res)).toMatchObject({
      code: 'INVALID_JSON',
      docs: expect.stringContaining('error-invalid-json'),
    });
  });

  it('names the field, what is allowed and what was received', async () => {
    const res = await render({ html: '<div/>', width: 5000, height: '630', format: 'gif', scale: 0 });
    expect(res.statusCode).toBe(400);
    const body = error(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    const message = String(body.message);
    expect(message).toContain('body.width must be <= 4096; received: 5000');
    expect(message).toContain('body.height must be of type integer; received: "630"');
    expect(message).toContain(
      'body.format must be one of "png", "jpeg", "webp", "avif", "pdf"; received: "gif"',
    );
    expect(message).toContain('body.scale');
    expect((body.details as { errors: unknown[] }).errors).toHaveLength(4);
  });

  it('refuses a missing template, an unknown field and an empty body', async () => {
    const missing = await render({ variables: {} });
    expect(error(missing).message).toBe(
      'template must be given exactly once; allowed: one of html, jsx, elements, preset or template_id; received: "none"',
    );
    const both = await render({ html: '<div/>', preset: 'default' });
    expect(error(both).message).toContain('received: "html, preset"');
    const unknown = await render({ html: '<div/>', colour: 'red' });
    expect(error(unknown)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('body.colour is not a known field'),
    });
    const empty = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(400);
    expect(error(empty).code).toBe('INVALID_JSON');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await render({ html: `<div>${'x'.repeat(t.config.bodyLimitBytes)}</div>` });
    expect(res.statusCode).toBe(413);
    expect(error(res)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining(String(t.config.bodyLimitBytes)),
    });
  });

  it('refuses a content type other than JSON with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
    expect(error(res).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('reports where a template fails to compile', async () => {
    const res = await render({ html: '<div>\n  {{#if title}}\n  <b>{{title}}</b>\n</div>' });
    expect(res.statusCode).toBe(400);
    expect(error(res)).toMatchObject({
      code: 'TEMPLATE_COMPILE_FAILED',
      message: expect.stringMatching(/line \d+/),
    });
  });

  it('refuses a colour that is not CSS and transparency in jpeg', async () => {
    const bad = await render({ html: '<div/>', background: 'sparkly' });
    expect(error(bad)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('received: "sparkly"'),
    });
    const jpeg = await render({ html: '<div/>', background: 'transparent', format: 'jpeg' });
    expect(error(jpeg).message).toContain('jpeg');
  });

  it('refuses an output bitmap over the pixel limit', async () => {
    const res = await render({ html: '<div/>', width: 4096, height: 4096, scale: 3 });
    expect(res.statusCode).toBe(422);
    expect(error(res)).toMatchObject({
      code: 'OUTPUT_TOO_LARGE',
      message: expect.stringContaining('12288x12288'),
    });
  });

  it('answers unknown routes with the envelope', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/nope', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(error(res).code).toBe('NOT_FOUND');
  });
});

describe('auth', () => {
  it('needs a key on /v1 routes', async () => {
    const none = await render({ html: '<div/>' }, {});
    expect(none.statusCode).toBe(401);
    expect((none.json() as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await render({ html: '<div/>' }, { authorization: 'Bearer nope' });
    expect(wrong.statusCode).toBe(401);
  });

  it('accepts the key as a Bearer token or as x-api-key', async () => {
    const viaHeader = await render(
      { html: '<div/>', width: 10, height: 10 },
      { 'x-api-key': 'test-key-0123456789' },
    );
    expect(viaHeader.statusCode).toBe(200);
  });

  it('serves health, readiness and the OpenAPI document without a key', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', engine: 'native' });
    const openapi = (await t.app.inject('/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toContain('/v1/render');
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});

describe('readiness', () => {
  it('answers 503 NOT_READY when the database does not answer', async () => {
    const other = await createTestApp();
    await other.services.db!.close();
    const res = await other.app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect((res.json() as { error: { code: string } }).error.code).toBe('NOT_READY');
    await other.close(); // closing the database twice is fine
  });
});

describe('metrics', () => {
  it('counts renders, their cache outcome and HTTP requests by route, in Prometheus format', async () => {
    const body = { html: '<div style="width:9px;height:9px;background:#09f"></div>', width: 9, height: 9 };
    await render(body);
    await render(body);
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/placard_renders_total\{engine="native",format="png",cache="MISS",error=""\} \d+/);
    expect(text).toMatch(/placard_renders_total\{engine="native",format="png",cache="HIT",error=""\} \d+/);
    expect(text).toMatch(
      /placard_http_request_duration_seconds_count\{method="POST",route="\/v1\/render",status="200"\} \d+/,
    );
    expect(text).toContain('placard_render_pool{state="active"} 0');
    expect(text).toContain('placard_process_resident_memory_bytes');
  });

  it('shows the async jobs waiting in the queue, and none once a worker ran them', async () => {
    const other = await createTestApp(); // no workers yet: the jobs stay queued
    const body = { html: '<div>{{n}}</div>', width: 9, height: 9, async: true };
    const ids: string[] = [];
    for (const n of ['1', '2', '3']) {
      const res = await other.app.inject({
        method: 'POST',
        url: '/v1/render',
        headers: auth,
        payload: { ...body, variables: { n } },
      });
      expect(res.statusCode).toBe(202);
      ids.push((res.json() as { id: string }).id);
    }
    const before = (await other.app.inject('/metrics')).body;
    expect(before).toContain('placard_jobs{state="queued"} 3');
    expect(before).toContain('placard_jobs{state="running"} 0');
    expect(before).toContain('placard_jobs{state="delayed"} 0');

    other.services.startWorkers();
    for (const id of ids) {
      for (let i = 0; i < 400; i++) {
        const job = (await other.app.inject({ url: `/v1/jobs/${id}`, headers: auth })).json() as {
          status: string;
        };
        if (job.status === 'succeeded') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const after = (await other.app.inject('/metrics')).body;
    expect(after).toContain('placard_jobs{state="queued"} 0');
    expect(after).toContain('placard_jobs{state="running"} 0');
    await other.close();
  });
});
