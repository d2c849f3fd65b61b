// RasterKit's /v1/templates: HTML templates stored with a default size, listed, read, changed
// (a new version each time) and deleted; another account's template reads as missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, startDialects, type DialectServer } from './audome-fixture.ts';
import { keyed } from './rasterkit-fixture.ts';
import { templateBody } from './rasterkit-seed-examples.ts';

type Json = Record<string, unknown>;
let s: DialectServer;
beforeAll(async () => {
  s = await startDialects();
});
afterAll(() => s.close());

async function call(method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(`${s.rasterkit}${path}`, {
    method,
    headers: body === undefined ? { 'x-api-key': keyed(key)['x-api-key'] } : keyed(key),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: res.status === 204 ? undefined : ((await res.json()) as Json) };
}

describe('/v1/templates', () => {
  it('creates, reads, lists, changes and deletes a template', async () => {
    const created = await call('POST', '/v1/templates', templateBody);
    expect(created.status).toBe(201);
    const id = String(created.json!.id);
    expect(id).toMatch(/^tpl_/);
    expect(created.json).toMatchObject({
      name: 'Blog OG card',
      kind: 'html',
      width: 1200,
      height: 630,
      version: 1,
      html: templateBody.html,
      variables: ['title', 'author', 'date'],
    });

    expect((await call('GET', `/v1/templates/${id}`)).json).toMatchObject({ id, html: templateBody.html });
    const list = await call('GET', '/v1/templates?limit=10');
    expect((list.json!.templates as Json[]).map((t) => t.id)).toContain(id);
    expect(list.json).toHaveProperty('next_cursor');

    const changed = await call('PUT', `/v1/templates/${id}`, { html: '<h1>{{title}}</h1>', width: 800 });
    expect(changed.json).toMatchObject({
      version: 2,
      width: 800,
      html: '<h1>{{title}}</h1>',
      variables: ['title'],
    });

    expect((await call('DELETE', `/v1/templates/${id}`)).status).toBe(204);
    const gone = await call('GET', `/v1/templates/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.json!.error).toMatchObject({ code: 'template_not_found' });
  });

  it("keeps another account's templates out of reach", async () => {
    const id = String((await call('POST', '/v1/templates', templateBody)).json!.id);
    const { key } = await newAccount(s);
    expect((await call('GET', `/v1/templates/${id}`, undefined, key)).status).toBe(404);
    expect((await call('DELETE', `/v1/templates/${id}`, undefined, key)).status).toBe(404);
  });

  it('refuses a template that does not compile: 422 template_invalid', async () => {
    const res = await call('POST', '/v1/templates', { name: 'Broken', html: '{{#each items}}' });
    expect(res.status).toBe(422);
    expect(res.json!.error).toMatchObject({ code: 'template_invalid' });
  });

  it('refuses html over 500 KB: 400 invalid_request', async () => {
    const res = await call('POST', '/v1/templates', { name: 'Big', html: `<p>${'x'.repeat(520_000)}</p>` });
    expect(res.status).toBe(400);
    expect(res.json!.error).toMatchObject({ code: 'invalid_request' });
    expect(String((res.json!.error as Json).message)).toMatch(
      /html is \d+ bytes; allowed: at most 512000 bytes/,
    );
  });
});
