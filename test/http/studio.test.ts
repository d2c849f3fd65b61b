// The Studio's routes in-process: the page and its assets with their security headers, the
// redirect from /, and POST /v1/templates/schema (an unsaved source's variables).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { cspDirectives as directives } from '../helpers/csp.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('GET /studio', () => {
  it('serves the page under a strict Content-Security-Policy with a fresh style nonce per load', async () => {
    const first = await t.app.inject({ url: '/studio' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    const csp = directives(String(first.headers['content-security-policy']));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    const style = csp.get('style-src')!;
    expect(style[0]).toBe("'self'");
    const nonce = /^'nonce-(.+)'$/.exec(style[1]!)?.[1];
    expect(nonce).toBeDefined();
    // No inline script, no eval, no remote origin anywhere in the policy.
    const all = [...csp.values()].flat();
    expect(all.filter((v) => /unsafe|https?:|\*/.test(v))).toEqual([]);
    // The page carries the nonce for the editor and no inline script.
    expect(first.body).toContain(`<meta name="csp-nonce" content="${nonce}" />`);
    expect(first.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(first.headers['cache-control']).toBe('no-store');

    const second = await t.app.inject({ url: '/studio' });
    expect(second.headers['content-security-policy']).not.toBe(first.headers['content-security-policy']);
  });

  it('redirects / to /studio', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/studio');
  });

  it('serves the bundled script, styles and fonts from this origin, with ETag revalidation', async () => {
    const page = (await t.app.inject({ url: '/studio' })).body;
    const assets = [...page.matchAll(/(?:src|href)="(\/studio\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual(
      expect.arrayContaining(['/studio/assets/studio.js', '/studio/assets/studio-style.css']),
    );
    const script = await t.app.inject({ url: '/studio/assets/studio.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    // CodeMirror is in the bundle, not fetched from anywhere.
    expect(script.body).toContain('cm-content');
    expect(script.body).not.toMatch(/https?:\/\/(?:cdn|unpkg|esm\.sh|jsdelivr)/);
    const again = await t.app.inject({
      url: '/studio/assets/studio.js',
      headers: { 'if-none-match': String(script.headers.etag) },
    });
    expect(again.statusCode).toBe(304);

    const css = await t.app.inject({ url: '/studio/assets/studio-style.css' });
    const font = /url\("?\.?\/?([\w-]+\.woff2)"?\)/.exec(css.body)?.[1];
    expect(font).toBeDefined();
    const fontReply = await t.app.inject({ url: `/studio/assets/${font}` });
    expect(fontReply.statusCode).toBe(200);
    expect(fontReply.headers['content-type']).toBe('font/woff2');
    expect(fontReply.headers['cache-control']).toContain('immutable');
  });

  it('answers an unknown asset with 404 NOT_FOUND and does not serve the build manifest', async () => {
    for (const name of ['nope.js', 'manifest.json']) {
      const res = await t.app.inject({ url: `/studio/assets/${name}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });
});

describe('POST /v1/templates/schema', () => {
  const schema = (payload: unknown, headers: Record<string, string> = auth) =>
    t.app.inject({ method: 'POST', url: '/v1/templates/schema', headers, payload: payload as object });

  it('derives the variables of HTML, JSX and layer sources as a saved template would', async () => {
    const html = await schema({
      kind: 'html',
      source: '<div style="color: {{ink}}"><img src="{{logo}}">{{title}}</div>',
    });
    expect(html.statusCode).toBe(200);
    expect(html.json().variables.map((v: { name: string; type: string }) => [v.name, v.type])).toEqual([
      ['ink', 'colour'],
      ['logo', 'image'],
      ['title', 'text'],
    ]);

    const jsx = await schema({
      kind: 'jsx',
      source: 'export default function T({ title = "Hi", size = 4 }) { return <div>{title}{size}</div>; }',
    });
    expect(jsx.json()).toMatchObject({
      variables: [
        { name: 'title', type: 'text', default: 'Hi' },
        { name: 'size', type: 'number', default: 4 },
      ],
      open: false,
    });

    const layers = {
      width: 100,
      height: 100,
      elements: [{ type: 'text', dynamicKey: 'title', x: 0, y: 0, width: 100, text: 'Hello' }],
    };
    for (const source of [layers, JSON.stringify(layers)]) {
      const res = await schema({ kind: 'elements', source });
      expect(res.json().variables.map((v: { name: string }) => v.name)).toEqual(['title.text']);
    }
  });

  it('answers a source that does not compile with the same error a render gives', async () => {
    const broken = await schema({ kind: 'html', source: '{{#if title}}' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('TEMPLATE_COMPILE_FAILED');

    const notJson = await schema({ kind: 'elements', source: '{"width": ' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(notJson.json().error.message).toContain('not a JSON elements document');

    const objectHtml = await schema({ kind: 'html', source: { a: 1 } });
    expect(objectHtml.statusCode).toBe(400);
    expect(objectHtml.json().error.message).toContain('must be text for kind html');

    const badKind = await schema({ kind: 'preset', source: 'x' });
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('needs an API key', async () => {
    const res = await schema({ kind: 'html', source: '{{a}}' }, {});
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
  });
});
