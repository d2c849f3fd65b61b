// The OpenAPI document generated clients are built from: image replies are binary bodies per
// media type, and every status a route can answer is listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, unknown> };
}

let t: TestApp;
let doc: Doc;
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject('/openapi.json');
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => t.close());

const imageTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'application/pdf'];
const op = (method: string, path: string) => doc.paths[path]![method]!;

describe('GET /openapi.json', () => {
  it.each([
    ['post', '/v1/render'],
    ['get', '/v1/image'],
    ['get', '/r/{file}'],
  ])('declares %s %s as binary image bodies and a 304', (method, path) => {
    const ok = op(method, path).responses['200']!;
    for (const type of imageTypes) {
      expect(ok.content?.[type]?.schema).toEqual({ type: 'string', format: 'binary' });
    }
    expect(op(method, path).responses['304']).toBeDefined();
    expect(op(method, path).responses['304']!.content).toBeUndefined();
  });

  it('declares the stored-render JSON reply of POST /v1/render beside the images', () => {
    const json = op('post', '/v1/render').responses['200']!.content!['application/json']!.schema as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(json.properties)).toEqual(expect.arrayContaining(['id', 'url', 'bytes']));
  });

  it('lists 402, 429 and 501 where a render can answer them', () => {
    const statuses = (method: string, path: string) => Object.keys(op(method, path).responses);
    expect(statuses('post', '/v1/render')).toEqual(
      expect.arrayContaining(['402', '429', '501', '503', '504']),
    );
    expect(statuses('post', '/v1/urls')).toEqual(expect.arrayContaining(['402', '429']));
    expect(statuses('post', '/v1/render/batch')).toEqual(expect.arrayContaining(['402', '429']));
    // Every keyed route can meet the per-minute limit and a bad key.
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/') || path === '/v1/image') continue;
      for (const operation of Object.values(methods)) {
        expect(Object.keys(operation.responses), path).toEqual(expect.arrayContaining(['401', '429']));
      }
    }
  });

  it('is a well-formed OpenAPI 3 document: every response described, every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    const refs: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc.paths);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas?.[ref.split('/').pop()!], ref).toBeDefined();
    }
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          expect(response.description, `${method} ${path} ${status}`).toBeTruthy();
          for (const media of Object.values(response.content ?? {})) expect(media.schema).toBeDefined();
        }
      }
    }
  });
});

describe('replies under the per-media-type schemas', () => {
  it('still sends the image bytes as they are, and the stored render as JSON', async () => {
    const body = { html: '<div>x</div>', width: 20, height: 10 };
    for (const [format, magic] of [
      ['png', 'PNG'],
      ['pdf', 'PDF'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/render',
        headers: auth,
        payload: { ...body, format },
      });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.subarray(1, 4).toString()).toBe(magic);
      expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    }
    const stored = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: auth,
      payload: { ...body, response: 'url' },
    });
    expect(stored.headers['content-type']).toContain('application/json');
    expect(stored.json()).toMatchObject({
      width: 20,
      height: 10,
      format: 'png',
      url: expect.stringContaining('/r/'),
    });
  });

  it('points the /docs page at /openapi.json', async () => {
    const initializer = await t.app.inject('/docs/static/swagger-initializer.js');
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain('"url":"/openapi.json"');
  });
});
