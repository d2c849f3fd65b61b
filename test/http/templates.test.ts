import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';

let t: TestApp;
let otherKey: string;
beforeAll(async () => {
  t = await createTestApp();
  otherKey = (await newAccount(t, { name: 'Other Co' })).key;
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = auth) =>
  t.app.inject({ method, url, headers, ...(payload && { payload }) });
const render = (payload: object, headers = auth) => call('POST', '/v1/render', payload, headers);
const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

const html = '<div style="width:100px;height:50px;background:{{colour}}">{{title}}</div>';

describe('stored templates', () => {
  it('creates an html template with a derived schema and renders it by id', async () => {
    const res = await call('POST', '/v1/templates', {
      name: 'Swatch',
      kind: 'html',
      source: html,
      width: 100,
      height: 50,
    });
    expect(res.statusCode).toBe(201);
    const template = res.json() as Json;
    expect(template).toMatchObject({ kind: 'html', version: 1, width: 100, height: 50, read_only: false });
    expect(template.id).toMatch(/^tpl_/);
    const schema = (await call('GET', `/v1/templates/${template.id}/schema`)).json() as Json;
    expect(schema.variables).toEqual([
      { name: 'colour', type: 'colour', default: null, placeholder: '' },
      { name: 'title', type: 'text', default: null, placeholder: '' },
    ]);
    const image = await render({ template_id: template.id, variables: { colour: '#ff0000', title: '' } });
    expect(image.statusCode).toBe(200);
    const pixels = await decode(image.rawPayload);
    expect([pixels.width, pixels.height]).toEqual([100, 50]);
    expect(pixelAt(pixels, 50, 25)).toEqual([255, 0, 0, 255]);
  });

  it('makes a new version on every change and keeps old versions renderable', async () => {
    const created = (
      await call('POST', '/v1/templates', { name: 'V', kind: 'html', source: html, width: 100, height: 50 })
    ).json() as Json;
    const id = created.id as string;
    // Drawn once before the change: the next render must not reuse version 1's compiled form.
    const before = await decode(
      (await render({ template_id: id, variables: { colour: 'blue' } })).rawPayload,
    );
    expect(pixelAt(before, 50, 25)).toEqual([0, 0, 255, 255]);
    const patched = await call('PATCH', `/v1/templates/${id}`, {
      source: '<div style="width:100px;height:50px;background:#00ff00">{{title}}</div>',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ version: 2, current_version: 2 });
    const renamed = (await call('PATCH', `/v1/templates/${id}`, { name: 'Renamed' })).json() as Json;
    expect(renamed).toMatchObject({ version: 3, name: 'Renamed' });

    const current = await decode((await render({ template_id: id })).rawPayload);
    expect(pixelAt(current, 50, 25)).toEqual([0, 255, 0, 255]);
    const pinned = await decode(
      (await render({ template_id: id, version: 1, variables: { colour: 'blue' } })).rawPayload,
    );
    expect(pixelAt(pinned, 50, 25)).toEqual([0, 0, 255, 255]);
    expect((await call('GET', `/v1/templates/${id}?version=1`)).json()).toMatchObject({
      version: 1,
      source: html,
    });
    const versions = (await call('GET', `/v1/templates/${id}/versions`)).json() as {
      versions: { version: number }[];
    };
    expect(versions.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    const missing = await render({ template_id: id, version: 9 });
    expect(missing.statusCode).toBe(404);
    expect(errorOf(missing).code).toBe('TEMPLATE_NOT_FOUND');
  });

  it('refuses unknown variables and wrong types for a stored template', async () => {
    const created = (
      await call('POST', '/v1/templates', { name: 'S', kind: 'html', source: html })
    ).json() as Json;
    const res = await render({ template_id: created.id, variables: { colour: 12, subtitle: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).message).toContain('variables.colour must be a CSS colour; received: 12');
    expect(errorOf(res).message).toContain(
      'variables.subtitle is not a variable of this template; allowed: colour, title',
    );
  });

  it('keeps every account to its own templates: another account gets what a missing id gets', async () => {
    const mine = (
      await call('POST', '/v1/templates', { name: 'Private', kind: 'html', source: html })
    ).json() as Json;
    const other = { authorization: `Bearer ${otherKey}` };
    const missing = 'tpl_doesnotexist0000';
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['GET', '/schema', undefined],
      ['GET', '/versions', undefined],
      ['PATCH', '', { name: 'stolen' }],
      ['DELETE', '', undefined],
    ] as const) {
      const theirs = await call(method, `/v1/templates/${mine.id}${suffix}`, body, other);
      const none = await call(method, `/v1/templates/${missing}${suffix}`, body, other);
      expect(theirs.statusCode).toBe(404);
      expect(errorOf(theirs).code).toBe(errorOf(none).code);
      expect(errorOf(theirs).message.replace(String(mine.id), 'ID')).toBe(
        errorOf(none).message.replace(missing, 'ID'),
      );
    }
    const rendered = await render({ template_id: mine.id }, other);
    expect(rendered.statusCode).toBe(404);
    const list = (await call('GET', '/v1/templates?scope=mine', undefined, other)).json() as {
      templates: Json[];
    };
    expect(list.templates.map((x) => x.id)).not.toContain(mine.id);
    // And the owner still has it, unchanged.
    expect((await call('GET', `/v1/templates/${mine.id}`)).json()).toMatchObject({
      name: 'Private',
      version: 1,
    });
  });

  it('deletes a template: it then reads as missing', async () => {
    const created = (
      await call('POST', '/v1/templates', { name: 'Gone', kind: 'html', source: html })
    ).json() as Json;
    expect((await render({ template_id: created.id })).statusCode).toBe(200);
    expect((await call('DELETE', `/v1/templates/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/v1/templates/${created.id}`)).statusCode).toBe(404);
    expect((await render({ template_id: created.id })).statusCode).toBe(404);
  });

  it('lists mine, starter and all scopes', async () => {
    const starters = (await call('GET', '/v1/templates?scope=starter')).json() as { templates: Json[] };
    expect(starters.templates.map((x) => x.id)).toEqual([
      'preset:default',
      'preset:social-card',
      'preset:blog-hero',
      'preset:email-banner',
    ]);
    expect(starters.templates.every((x) => x.read_only === true)).toBe(true);
    const mine = (await call('GET', '/v1/templates?scope=mine&limit=2')).json() as {
      templates: Json[];
      next_cursor: string;
    };
    expect(mine.templates).toHaveLength(2);
    expect(mine.templates.every((x) => String(x.id).startsWith('tpl_'))).toBe(true);
    const next = (
      await call('GET', `/v1/templates?scope=mine&limit=2&cursor=${encodeURIComponent(mine.next_cursor)}`)
    ).json() as {
      templates: Json[];
    };
    expect(next.templates[0]?.id).not.toBe(mine.templates[0]?.id);
    const all = (await call('GET', '/v1/templates')).json() as { templates: Json[] };
    expect(all.templates.some((x) => x.id === 'preset:default')).toBe(true);
    expect(all.templates.some((x) => String(x.id).startsWith('tpl_'))).toBe(true);
  });
});

describe('template kinds', () => {
  const jsx = `
export const options = { width: 120, height: 60, format: 'webp' };
export default function Badge({ label = 'New', colour = '#0000ff', size = 20 }) {
  return <div style={{ width: 120, height: 60, background: colour, fontSize: size }}>{label}</div>;
}`;

  it('stores a JSX template: options become defaults, props become the schema', async () => {
    const res = await call('POST', '/v1/templates', { name: 'Badge', kind: 'jsx', source: jsx });
    expect(res.statusCode).toBe(201);
    const template = res.json() as Json & { variables: Json[] };
    expect(template).toMatchObject({ width: 120, height: 60, format: 'webp' });
    expect(template.variables).toEqual([
      { name: 'label', type: 'text', default: 'New', placeholder: '' },
      { name: 'colour', type: 'colour', default: '#0000ff', placeholder: '' },
      { name: 'size', type: 'number', default: 20, placeholder: '' },
    ]);
    const image = await render({ template_id: template.id, variables: { colour: '#ff0000', label: '' } });
    expect(image.headers['content-type']).toBe('image/webp');
    const [r, g, b] = pixelAt(await decode(image.rawPayload), 60, 30); // lossy webp: near, not exact
    expect(r).toBeGreaterThan(245);
    expect(g + b).toBeLessThan(10);
  });

  it('renders inline jsx, elements and presets', async () => {
    const inline = await render({ jsx, format: 'png' });
    expect(inline.statusCode).toBe(200);
    expect(pixelAt(await decode(inline.rawPayload), 60, 30)).toEqual([0, 0, 255, 255]);

    const elements = {
      width: 200,
      height: 100,
      background: '#ffffff',
      elements: [
        { type: 'rectangle', x: 0, y: 0, width: 100, height: 100, fill: '#ff0000' },
        {
          type: 'text',
          x: 110,
          y: 10,
          width: 80,
          text: 'Hi',
          dynamicKey: 'title',
          fontSize: 20,
          color: '#000000',
        },
      ],
    };
    const drawn = await render({ elements, variables: { 'title.text': 'Hello' } });
    expect(drawn.statusCode).toBe(200);
    const pixels = await decode(drawn.rawPayload);
    expect([pixels.width, pixels.height]).toEqual([200, 100]);
    expect(pixelAt(pixels, 50, 50)).toEqual([255, 0, 0, 255]);
    const badKey = await render({ elements, variables: { 'subtitle.text': 'x' } });
    expect(badKey.statusCode).toBe(400);

    const preset = await render({
      preset: 'social-card',
      variables: { title: 'Hello', tag: 'News' },
      width: 1080,
      height: 1080,
    });
    expect(preset.statusCode).toBe(200);
    expect((await decode(preset.rawPayload)).width).toBe(1080);
    const byId = await render({ template_id: 'preset:blog-hero', variables: { title: 'Hi' } });
    expect(byId.statusCode).toBe(200);
    const unknown = await render({ preset: 'fancy' });
    expect(unknown.statusCode).toBe(404);
    expect(errorOf(unknown).message).toContain('default, social-card, blog-hero, email-banner');
  });

  it('reports a JSX compile error with line and column, and a runaway template without harm', async () => {
    const broken = await call('POST', '/v1/templates', {
      name: 'x',
      kind: 'jsx',
      source: 'export default () => <div>{</div>;',
    });
    expect(broken.statusCode).toBe(400);
    expect(errorOf(broken)).toMatchObject({
      code: 'TEMPLATE_COMPILE_FAILED',
      message: expect.stringMatching(/line 1, column \d+/),
    });
    const loop = await render({ jsx: 'export default function T() { while (true) {} }' });
    expect(loop.statusCode).toBe(422);
    expect(errorOf(loop).code).toBe('TEMPLATE_TIMEOUT');
    const escape = await render({
      jsx: 'export default function T() { return <div>{typeof process + typeof require}</div>; }',
    });
    expect(escape.statusCode).toBe(200);
    const after = await render({ jsx, format: 'png' });
    expect(after.statusCode).toBe(200);
  });
});

describe('template bad input', () => {
  it('names each problem', async () => {
    const res = await call('POST', '/v1/templates', { name: 'x'.repeat(121), kind: 'svg', source: '' });
    expect(res.statusCode).toBe(400);
    const message = errorOf(res).message;
    expect(message).toContain('body.name must be at most 120 characters long');
    expect(message).toContain('body.kind must be one of "html", "jsx", "elements"; received: "svg"');
    const big = await call('POST', '/v1/templates', {
      name: 'big',
      kind: 'html',
      source: 'x'.repeat(600_000),
    });
    expect([400, 413]).toContain(big.statusCode);
    const badElements = await call('POST', '/v1/templates', {
      name: 'e',
      kind: 'elements',
      source: '{"width": 10',
    });
    expect(errorOf(badElements).message).toContain('not a JSON elements document');
    const badHbs = await call('POST', '/v1/templates', { name: 'h', kind: 'html', source: '{{#if x}}' });
    expect(errorOf(badHbs).code).toBe('TEMPLATE_COMPILE_FAILED');
  });

  it('refuses empty patches and changes to starter templates', async () => {
    const created = (
      await call('POST', '/v1/templates', { name: 'P', kind: 'html', source: html })
    ).json() as Json;
    const empty = await call('PATCH', `/v1/templates/${created.id}`, {});
    expect(empty.statusCode).toBe(400);
    const preset = await call('PATCH', '/v1/templates/preset:default', { name: 'mine now' });
    expect(preset.statusCode).toBe(403);
    expect((await call('DELETE', '/v1/templates/preset:default')).statusCode).toBe(403);
  });
});
