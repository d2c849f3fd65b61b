// The HTMLPix doc's own JSON examples (seeds/htmlpix-api.txt), sent with Node's fetch to a
// listening server, changing only the base URL, the key and ids that must exist here; plus the
// /v1/url call made with curl. The doc's example code has `...` placeholders, which are not
// JavaScript: sent verbatim they get a compile error that points at them.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_KEY } from '../helpers/app.ts';
import { decode } from '../helpers/image.ts';
import { fenced, goodModule, startFakeAi, type FakeAi } from '../ai/fake-openai.ts';
import { startHtmlpix, type HtmlpixServer } from './htmlpix-app.ts';

const run = promisify(execFile);
let s: HtmlpixServer;
let ai: FakeAi;
let BASE: string;
const API_KEY = TEST_KEY;
beforeAll(async () => {
  ai = await startFakeAi(() => ({ content: fenced(goodModule('Blog post')) }));
  s = await startHtmlpix({ aiBaseUrl: ai.baseUrl, aiApiKey: 'sk-x', aiModel: 'm' });
  BASE = s.base;
});
afterAll(async () => {
  await s.close();
  await ai.close();
});

const headers = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
const post = (path: string, body: unknown, method = 'POST') =>
  fetch(`${BASE}${path}`, { method, headers, body: JSON.stringify(body) });

// The doc's create example, with its `style={{ ... }}` placeholder filled in.
const docCode =
  'export default function Template({ title = "Launch Day" }) {\n return <div style={{ ... }}>{title}</div>;\n}\n\nexport const options = { width: 1200, height: 630, format: "webp" };';
const filledCode = docCode.replace('{{ ... }}', '{{ display: "flex", fontSize: 64, padding: 48 }}');

describe('the HTMLPix doc examples', () => {
  let templateId = '';

  it('POST /v1/templates: the verbatim example points at its placeholder; filled in, 201', async () => {
    const verbatim = await post('/v1/templates', {
      name: 'Launch Card',
      description: 'Marketing launch visual',
      code: docCode,
    });
    expect(verbatim.status).toBe(400);
    const error = ((await verbatim.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(error.message).toContain('line 2');

    const res = await post('/v1/templates', {
      name: 'Launch Card',
      description: 'Marketing launch visual',
      code: filledCode,
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { templateId: string; template: Record<string, unknown> };
    expect(typeof body.templateId).toBe('string');
    expect(body.template).toMatchObject({ _id: body.templateId, name: 'Launch Card', format: 'webp' });
    templateId = body.templateId;
  });

  it('GET /v1/templates and GET /v1/templates/:templateId', async () => {
    const list = await fetch(`${BASE}/v1/templates`, { headers: { Authorization: `Bearer ${API_KEY}` } });
    expect(list.status).toBe(200);
    const { scope, templates } = (await list.json()) as {
      scope: string;
      templates: Record<string, unknown>[];
    };
    expect(scope).toBe('all');
    const keys = [
      '_id',
      'name',
      'description',
      'variables',
      'width',
      'height',
      'format',
      'devicePixelRatio',
      'signedPreviewUrl',
      'isPublic',
    ];
    for (const template of templates) expect(Object.keys(template).sort()).toEqual([...keys].sort());
    const mine = templates.find((t) => t._id === templateId)!;
    expect(mine.variables).toEqual([{ name: 'title', defaultValue: 'Launch Day' }]);

    const one = await fetch(`${BASE}/v1/templates/${templateId}`, {
      headers: { Authorization: `Bearer ${API_KEY}` },
    });
    const { template } = (await one.json()) as { template: Record<string, unknown> };
    expect(template).toMatchObject({
      _id: templateId,
      name: 'Launch Card',
      code: filledCode,
      width: 1200,
      height: 630,
      format: 'webp',
    });
    expect(template.variables).toEqual([{ name: 'title', defaultValue: 'Launch Day' }]);
  });

  it('PATCH /v1/templates/:templateId', async () => {
    const code =
      'export default function Template({ title = "Updated" }) { return <div style={{ display: "flex" }}>{title}</div>; }';
    const res = await post(`/v1/templates/${templateId}`, { name: 'Launch Card v2', code }, 'PATCH');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { templateId: string; template: Record<string, unknown> };
    expect(body.templateId).toBe(templateId);
    expect(body.template).toMatchObject({ name: 'Launch Card v2', code });
  });

  it('POST /v1/url, then GET /v1/image from the returned URL', async () => {
    const res = await post('/v1/url', { templateId, variables: { title: 'Launch Day' } });
    expect(res.status).toBe(200);
    const { url, expiresAt } = (await res.json()) as { url: string; expiresAt: number };
    expect(url).toMatch(/\/v1\/image\?templateId=.+&sig=[0-9a-f]{64}/);
    expect(expiresAt).toBeGreaterThan(Date.now());
    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(image.headers.get('etag')).toBeTruthy();
    expect(image.headers.get('x-cache')).toBe('render');
    expect(image.headers.get('server-timing')).toMatch(/dur=/);
    expect((await decode(Buffer.from(await image.arrayBuffer()))).width).toBe(1200);
  });

  it('POST /v1/urls', async () => {
    const b = await post('/v1/templates', { name: 'B', code: filledCode });
    const tmplB = ((await b.json()) as { templateId: string }).templateId;
    const res = await post('/v1/urls', {
      items: [
        { templateId, variables: { title: 'Page A' } },
        { templateId: tmplB, variables: { title: 'Page B' } },
      ],
    });
    expect(res.status).toBe(200);
    const { urls } = (await res.json()) as { urls: { templateId: string; url: string; expiresAt: number }[] };
    expect(urls.map((u) => u.templateId)).toEqual([templateId, tmplB]);
    for (const u of urls) {
      expect(u.url).toMatch(/&sig=[0-9a-f]{64}/);
      expect(typeof u.expiresAt).toBe('number');
    }
  });

  it('POST /v1/templates/generate', async () => {
    const res = await post('/v1/templates/generate', {
      items: [
        { prompt: 'A professional blog post OG image with title and author', width: 1200, height: 630 },
      ],
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: { ok: boolean; result?: { templateId: string; template: object } }[];
    };
    expect(results).toHaveLength(1);
    expect(results[0]!.ok).toBe(true);
    expect(typeof results[0]!.result!.templateId).toBe('string');
  });

  it('POST /v1/url with curl', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      `${BASE}/v1/url`,
      '-H',
      `Authorization: Bearer ${API_KEY}`,
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({ templateId, variables: { title: 'Launch Day' } }),
      '-w',
      '\n%{http_code}',
    ]);
    const [json, status] = stdout.split('\n');
    expect(status).toBe('200');
    const body = JSON.parse(json!) as { url: string; expiresAt: number };
    expect(new URL(body.url).searchParams.get('v_title')).toBe('Launch Day');
    const image = await run('curl', [
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code} %{content_type}',
      body.url,
    ]);
    expect(image.stdout).toBe('200 image/webp');
  });
});
