// POST /v1/render parses a body sent again once and keeps what it derives from it
// (src/http/repeated-bodies.ts): what is kept must never answer for another account, another
// body, or a body Fastify's own parser refuses.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepRepeatedBodies } from '../../src/http/repeated-bodies.ts';
import { auth, createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';

describe('keepRepeatedBodies', () => {
  const app = Fastify();
  const seen: unknown[] = [];
  beforeAll(async () => {
    keepRepeatedBodies(app);
    app.post('/echo', async (request) => {
      seen.push(request.body);
      return { frozen: Object.isFrozen(request.body) };
    });
    await app.ready();
  });
  afterAll(() => app.close());
  const send = (payload: string) =>
    app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });

  it('hands a body sent again back as the same deeply frozen value', async () => {
    const text = JSON.stringify({ a: { b: [1, { c: 2 }] } });
    expect((await send(text)).json()).toEqual({ frozen: true });
    expect((await send(text)).json()).toEqual({ frozen: true });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]).toEqual({ a: { b: [1, { c: 2 }] } });
    const inner = (seen[0] as { a: { b: [number, { c: number }] } }).a.b[1];
    expect(Object.isFrozen(inner)).toBe(true);
    // One byte more is another body.
    await send(text + ' ');
    expect(seen[2]).not.toBe(seen[0]);
  });

  it('tells apart bodies of one length that differ in any single character', async () => {
    const base = JSON.stringify({ a: 'x'.repeat(200) });
    const first = seen.length;
    const variants = Array.from({ length: 200 }, (_, i) => base.slice(0, 6 + i) + 'y' + base.slice(7 + i));
    // Each twice in a row: the repeat is found; then all again, after the others pushed many out
    // of their shared slots: parsed anew, but never another body's value.
    for (const text of variants) {
      await send(text);
      await send(text);
    }
    for (const text of variants) await send(text);
    const values = seen.slice(first) as { a: string }[];
    variants.forEach((text, i) => {
      expect(values[2 * i]).toEqual(JSON.parse(text));
      expect(values[2 * i + 1]).toBe(values[2 * i]);
      expect(values[400 + i]).toEqual(JSON.parse(text));
    });
  });

  it('keeps a body nested 30 000 deep without overflowing the stack', async () => {
    const deep = '['.repeat(30_000) + ']'.repeat(30_000);
    const res = await send(deep);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ frozen: true });
  });

  it('refuses, every time, what Fastify refuses: bad JSON, an empty body, __proto__', async () => {
    for (let round = 0; round < 2; round++) {
      expect((await send('{"a":')).statusCode).toBe(400);
      expect((await send('')).statusCode).toBe(400);
      expect((await send('{"__proto__":{"x":1}}')).statusCode).toBe(400);
    }
  });
});

describe('POST /v1/render with repeated bodies', () => {
  let t: TestApp;
  let otherKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    otherKey = (await newAccount(t, { name: 'Other' })).key;
  });
  afterAll(() => t.close());
  const render = (payload: string, headers: Record<string, string> = auth) =>
    t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: { ...headers, 'content-type': 'application/json' },
      payload,
    });

  it("never answers one account's body for another", async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/templates',
      headers: auth,
      payload: {
        name: 'Mine',
        kind: 'html',
        source: '<div style="width:8px;height:8px;background:#00f"></div>',
      },
    });
    const body = JSON.stringify({ template_id: (created.json() as { id: string }).id, width: 8, height: 8 });
    expect((await render(body)).statusCode).toBe(200);
    const theirs = await render(body, { authorization: `Bearer ${otherKey}` });
    expect(theirs.statusCode).toBe(404);
    expect((theirs.json() as { error: { code: string } }).error.code).toBe('TEMPLATE_NOT_FOUND');
    const again = await render(body);
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-cache']).toBe('HIT');
  });

  it('refuses a body that fails validation every time it is sent', async () => {
    const bad = JSON.stringify({ html: 5, width: 8 });
    for (let round = 0; round < 2; round++) {
      const res = await render(bad);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('draws each body as sent: a repeat hits, a changed variable draws anew', async () => {
    const html = '<div style="width:8px;height:8px;background:{{bg}}"></div>';
    const red = JSON.stringify({ html, variables: { bg: '#ff0000' }, width: 8, height: 8 });
    const first = await render(red);
    const repeat = await render(red);
    expect(repeat.headers['x-cache']).toBe('HIT');
    expect(repeat.headers.etag).toBe(first.headers.etag);
    const revalidated = await render(red, { ...auth, 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);

    const green = await render(red.replace('#ff0000', '#00ff00'));
    expect(green.headers['x-cache']).toBe('MISS');
    expect(pixelAt(await decode(green.rawPayload), 4, 4)).toEqual([0, 255, 0, 255]);
    expect(pixelAt(await decode(repeat.rawPayload), 4, 4)).toEqual([255, 0, 0, 255]);
  });
});
