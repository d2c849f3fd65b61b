// HTMLPix templates: list by scope, create from JSX code, get, patch, with the doc's limits,
// reply shapes and errors; another account's template reads as missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '../helpers/app.ts';
import {
  createTemplate,
  launchCode,
  startHtmlpix,
  type ErrorBody,
  type HtmlpixServer,
  type TemplateBody,
} from './htmlpix-app.ts';

let s: HtmlpixServer;
beforeAll(async () => {
  s = await startHtmlpix();
});
afterAll(() => s.close());

type List = { scope: string; templates: TemplateBody[] };
type One = { templateId: string; template: TemplateBody };

describe('GET /v1/templates', () => {
  it('lists the JSX starters as public templates with variables and a preview URL that renders', async () => {
    const res = await s.call<List>('GET', '/v1/templates?scope=starter');
    expect(res.status).toBe(200);
    expect(res.json.scope).toBe('starter');
    expect(res.json.templates.map((t) => t._id)).toEqual([
      'starter:blog-post',
      'starter:launch-card',
      'starter:quote-card',
    ]);
    const blog = res.json.templates[0]!;
    expect(blog).toMatchObject({
      name: 'Blog Post OG',
      width: 1200,
      height: 630,
      format: 'webp',
      isPublic: true,
    });
    expect(blog.devicePixelRatio).toBe(1);
    expect(blog.variables).toContainEqual({
      name: 'title',
      defaultValue: 'How we render a million cards a day',
    });
    expect(blog).not.toHaveProperty('code');
    const image = await fetch(blog.signedPreviewUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
  });

  it('lists only the caller’s JSX templates for mine, and both for all (the default)', async () => {
    const id = await createTemplate(s, launchCode('Mine'), 'Mine');
    // An HTML template made with the native API is not an HTMLPix template.
    const html = await s.t.app.inject({
      method: 'POST',
      url: '/v1/templates',
      headers: auth,
      payload: { name: 'Native HTML', kind: 'html', source: '<div>{{title}}</div>' },
    });
    expect(html.statusCode).toBe(201);
    const mine = await s.call<List>('GET', '/v1/templates?scope=mine');
    expect(mine.json.scope).toBe('mine');
    expect(mine.json.templates.some((t) => t._id === id && t.isPublic === false)).toBe(true);
    expect(mine.json.templates.every((t) => !t._id.startsWith('starter:'))).toBe(true);
    expect(mine.json.templates.some((t) => t.name === 'Native HTML')).toBe(false);
    const all = await s.call<List>('GET', '/v1/templates');
    expect(all.json.scope).toBe('all');
    const ids = all.json.templates.map((t) => t._id);
    expect(ids).toContain(id);
    expect(ids).toContain('starter:quote-card');
    const other = await s.call<List>('GET', '/v1/templates?scope=mine', undefined, {
      authorization: `Bearer ${await s.otherKey()}`,
    });
    expect(other.json.templates).toEqual([]);
  });

  it('refuses an unknown scope', async () => {
    const res = await s.call<ErrorBody>('GET', '/v1/templates?scope=everything');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('VALIDATION_FAILED');
    expect(res.json.error.message).toBe(
      'querystring.scope must be one of "all", "mine", "starter"; received: "everything"',
    );
  });
});

describe('POST /v1/templates', () => {
  it('creates a template from JSX code: 201 with templateId and the template, options as defaults', async () => {
    const code = launchCode().replace('format: "webp"', 'format: "png", devicePixelRatio: 2');
    const res = await s.call<One>('POST', '/v1/templates', {
      name: 'Launch Card',
      description: 'Marketing',
      code,
    });
    expect(res.status).toBe(201);
    expect(res.json.templateId).toMatch(/^tpl_/);
    expect(res.json.template).toMatchObject({
      _id: res.json.templateId,
      name: 'Launch Card',
      description: 'Marketing',
      code,
      variables: [{ name: 'title', defaultValue: 'Launch Day' }],
      width: 1200,
      height: 630,
      format: 'png',
      devicePixelRatio: 2,
      isPublic: false,
    });
    expect(new URL(res.json.template.signedPreviewUrl).searchParams.get('tv')).toBe('1');
  });

  it('enforces the doc limits: name 120, description 2000, code 180K characters', async () => {
    const tooLong = [
      { name: 'x'.repeat(121), code: launchCode() },
      { name: 'ok', description: 'd'.repeat(2001), code: launchCode() },
      { name: 'ok', code: `${launchCode()}\n//${'c'.repeat(180_000)}` },
    ];
    for (const body of tooLong) {
      const res = await s.call<ErrorBody>('POST', '/v1/templates', body);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('VALIDATION_FAILED');
    }
    const name = await s.call<ErrorBody>('POST', '/v1/templates', tooLong[0]);
    expect(name.json.error.message).toBe(
      `body.name must be at most 120 characters long; received: "${'x'.repeat(79)}…`,
    );
    const missing = await s.call<ErrorBody>('POST', '/v1/templates', { name: 'no code' });
    expect(missing.json.error.message).toBe('body.code is required');
    // Exactly at the limits is fine.
    const edge = await s.call('POST', '/v1/templates', {
      name: 'n'.repeat(120),
      description: 'd'.repeat(2000),
      code: launchCode(),
    });
    expect(edge.status).toBe(201);
  });

  it('answers TEMPLATE_COMPILE_FAILED with the line and column of a syntax error', async () => {
    const res = await s.call<ErrorBody>('POST', '/v1/templates', {
      name: 'Broken',
      code: 'export default function Template() {\n  const size = ;\n  return <div>{size}</div>;\n}',
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(res.json.error.message).toMatch(/line 2, column 16/);
    expect(res.json.error.details).toMatchObject({ line: 2, column: 16 });
  });
});

describe('GET and PATCH /v1/templates/:templateId', () => {
  it('gets an own template with its code, and a starter', async () => {
    const id = await createTemplate(s);
    const res = await s.call<{ template: TemplateBody }>('GET', `/v1/templates/${id}`);
    expect(res.status).toBe(200);
    expect(res.json.template).toMatchObject({
      _id: id,
      name: 'Launch Card',
      code: launchCode(),
      width: 1200,
      height: 630,
      format: 'webp',
    });
    expect(res.json.template.variables).toEqual([{ name: 'title', defaultValue: 'Launch Day' }]);
    const starter = await s.call<{ template: TemplateBody }>('GET', '/v1/templates/starter:launch-card');
    expect(starter.json.template.code).toContain('export default function Template');
    expect(starter.json.template.isPublic).toBe(true);
  });

  it("answers 404 TEMPLATE_NOT_FOUND for another account's template, a missing one and a non-JSX one", async () => {
    const id = await createTemplate(s);
    const other = { authorization: `Bearer ${await s.otherKey()}` };
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'mine now' }],
    ] as const) {
      const res = await s.call<ErrorBody>(method, `/v1/templates/${id}`, body, other);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('TEMPLATE_NOT_FOUND');
    }
    expect((await s.call('GET', '/v1/templates/tpl_doesnotexist0000')).status).toBe(404);
    const html = await s.t.app.inject({
      method: 'POST',
      url: '/v1/templates',
      headers: auth,
      payload: { name: 'html', kind: 'html', source: '<b>hi</b>' },
    });
    const htmlId = (html.json() as { id: string }).id;
    const res = await s.call<ErrorBody>('PATCH', `/v1/templates/${htmlId}`, { code: launchCode() });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('JSX templates only');
  });

  it('patches only the given fields; new code changes the variables and the version', async () => {
    const id = await createTemplate(s);
    const renamed = await s.call<One>('PATCH', `/v1/templates/${id}`, { name: 'Launch Card v2' });
    expect(renamed.status).toBe(200);
    expect(renamed.json).toMatchObject({
      templateId: id,
      template: { name: 'Launch Card v2', code: launchCode() },
    });
    const code =
      'export default function Template({ title = "Updated", subtitle = "Now" }) {\n  return <div style={{ display: "flex" }}>{title} {subtitle}</div>;\n}';
    const recoded = await s.call<One>('PATCH', `/v1/templates/${id}`, { code });
    expect(recoded.json.template.code).toBe(code);
    expect(recoded.json.template.name).toBe('Launch Card v2');
    expect(recoded.json.template.variables).toEqual([
      { name: 'title', defaultValue: 'Updated' },
      { name: 'subtitle', defaultValue: 'Now' },
    ]);
    expect(new URL(recoded.json.template.signedPreviewUrl).searchParams.get('tv')).toBe('3');
  });

  it('refuses an empty PATCH, an unknown field, and changes to a starter', async () => {
    const id = await createTemplate(s);
    const empty = await s.call<ErrorBody>('PATCH', `/v1/templates/${id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('VALIDATION_FAILED');
    expect(empty.json.error.message).toBe(
      'At least one field must be provided; allowed: name, description, code; received: none.',
    );
    const unknown = await s.call<ErrorBody>('PATCH', `/v1/templates/${id}`, { title: 'x' });
    expect(unknown.json.error.message).toBe('body.title is not a known field');
    const starter = await s.call<ErrorBody>('PATCH', '/v1/templates/starter:blog-post', { name: 'mine' });
    expect(starter.status).toBe(403);
    expect(starter.json.error.code).toBe('FORBIDDEN');
    expect(starter.json.error.message).toContain('POST /v1/templates');
  });
});
