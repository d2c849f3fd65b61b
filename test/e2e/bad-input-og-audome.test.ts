// The bad-input classes against the OG Engine (render, validate, batch; JSON and multipart) and
// Audome (generate, projects) dialects over a real socket: each gets an answer within a few
// seconds, a 4xx, and the vendor's own code in the vendor's envelope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_CODE } from '../../src/http/compat/og-engine/request.ts';
import { keyHeaders, startSocketApp, type Answer, type SocketApp } from '../helpers/socket-app.ts';
import { bad, brokenJsx, MALFORMED_JSON, REFUSED_IMAGE, suiteConfig, tooLarge } from './bad-inputs.ts';

let s: SocketApp;
const stored: Record<string, string> = {};

beforeAll(async () => {
  s = await startSocketApp({ ...suiteConfig, uploadMaxBytes: 4096 });
  const templates = {
    throws: { kind: 'jsx', source: brokenJsx.throws },
    remote: { kind: 'html', source: `<img src="${REFUSED_IMAGE}">{{title}}` },
  };
  for (const [name, template] of Object.entries(templates)) {
    const res = await s.send('/v1/templates', { headers: keyHeaders, body: { name, ...template } });
    expect(res.status).toBe(201);
    stored[name] = (res.json() as { id: string }).id;
  }
});
afterAll(() => s.close());

const json = { ...keyHeaders, 'content-type': 'application/json' };
type Raw = { headers: Record<string, string>; body: string | Buffer };
const raw: Record<string, Raw> = {
  malformed: { headers: json, body: MALFORMED_JSON },
  textPlain: { headers: { ...keyHeaders, 'content-type': 'text/plain' }, body: 'hi' },
  tooLarge: { headers: json, body: tooLarge() },
  noKey: { headers: { 'content-type': 'application/json' }, body: '{}' },
  badKey: { headers: { authorization: 'Bearer nope-0000', 'content-type': 'application/json' }, body: '{}' },
};

describe('OG Engine: { error: "<code>", message, docs }', () => {
  const og = (path: string, request: Raw | { headers: Record<string, string>; body: object }) =>
    s.send(`/compat/og-engine${path}`, request);
  function expectOg(res: Answer, status: number, code: string) {
    expect({ status: res.status, code: res.json().error }).toEqual({ status, code });
    expect(String(res.json().message).length).toBeGreaterThan(5);
  }
  const card = (extra: object = {}) => ({ format: 'og', title: 'Hello', ...extra });
  const cardCases: [string, object, number, string][] = [
    ['no fields', bad.noSource, 400, 'missing_field'],
    ['only a width', bad.noSourceWidthOnly, 400, 'missing_field'],
    ['an unknown style field', card({ style: { nope: 1 } }), 400, 'invalid_field'],
    ['a size out of range', card({ style: { titleSize: 999 } }), 400, 'invalid_field'],
    ['an unknown format preset', card({ format: 'gif' }), 400, 'invalid_format'],
    ['an unknown output format', card({ output: { format: 'gif' } }), 400, 'invalid_format'],
    ['an unknown font', card({ style: { font: 'Comic' } }), 400, 'invalid_font'],
    ['an unknown template', card({ template: 'nope' }), 400, 'invalid_field'],
    ['an unknown custom template', card({ template: 'custom:nope' }), 404, 'not_found'],
    ['a custom template with a refused image', card({ template: 'custom:remote' }), 400, 'invalid_file'],
  ];
  const rawCases: [string, Raw, number, string][] = [
    ['malformed JSON', raw.malformed!, 400, JSON_CODE],
    ['a text/plain body', raw.textPlain!, 400, 'invalid_field'],
    ['a body over the limit', raw.tooLarge!, 400, 'invalid_file'],
    ['no API key', raw.noKey!, 401, 'unauthorized'],
    ['an unknown API key', raw.badKey!, 401, 'unauthorized'],
  ];

  it.each(cardCases)('POST /render: %s', async (_name, body, status, code) => {
    expectOg(await og('/render', { headers: keyHeaders, body }), status, code);
  });
  it.each(cardCases)('POST /render/batch: %s', async (_name, body, status, code) => {
    expectOg(
      await og('/render/batch', { headers: keyHeaders, body: { items: [card(), body] } }),
      status,
      code,
    );
  });
  it.each(rawCases)('POST /render: %s', async (_name, request, status, code) => {
    expectOg(await og('/render', request), status, code);
  });
  it.each(rawCases)('POST /render/batch: %s', async (_name, request, status, code) => {
    expectOg(await og('/render/batch', request), status, code);
  });
  it.each(rawCases)('POST /validate: %s', async (_name, request, status, code) => {
    expectOg(await og('/validate', request), status, code);
  });
  // /validate takes the style fields flat and has no template or output: only these apply.
  it.each([
    ['no fields', bad.noSource, 400, 'missing_field'],
    ['a size out of range', card({ titleSize: 999 }), 400, 'invalid_field'],
    ['an unknown format preset', card({ format: 'gif' }), 400, 'invalid_format'],
    ['an unknown font', card({ font: 'Comic' }), 400, 'invalid_font'],
  ] as [string, object, number, string][])('POST /validate: %s', async (_name, body, status, code) => {
    expectOg(await og('/validate', { headers: keyHeaders, body }), status, code);
  });
  it('a wrong content type is named, with what is accepted', async () => {
    const res = await og('/render', raw.textPlain!);
    expect(String(res.json().message)).toMatch(
      /"text\/plain" is not accepted; send application\/json, or multipart/,
    );
  });
  it('POST /render/batch: no items, too many items', async () => {
    expectOg(await og('/render/batch', { headers: keyHeaders, body: {} }), 400, 'missing_field');
    const items = Array.from({ length: 51 }, () => card());
    expectOg(await og('/render/batch', { headers: keyHeaders, body: { items } }), 400, 'invalid_field');
  });

  describe('multipart', () => {
    async function multipart(parts: [string, string | Blob, string?][]): Promise<Raw> {
      const form = new FormData();
      for (const [name, value, file] of parts) {
        if (typeof value === 'string') form.append(name, value);
        else form.append(name, value, file);
      }
      const encoded = new Request('http://x', { method: 'POST', body: form });
      return {
        headers: { ...keyHeaders, 'content-type': encoded.headers.get('content-type')! },
        body: Buffer.from(await encoded.arrayBuffer()),
      };
    }
    const png = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/png' });
    it.each([
      ['config that is not JSON', [['config', '{nope']], JSON_CODE],
      ['no config', [['other', 'x']], 'missing_field'],
      [
        'an image that is not one',
        [
          ['config', JSON.stringify(card())],
          ['image', png(100), 'x.png'],
        ],
        'invalid_file',
      ],
      [
        'an image over the limit',
        [
          ['config', JSON.stringify(card())],
          ['image', png(10_000), 'x.png'],
        ],
        'invalid_file',
      ],
      [
        'bad config before a large file',
        [
          ['config', '{nope'],
          ['image', png(10_000), 'x.png'],
        ],
        JSON_CODE,
      ],
      [
        'bad config before a file part',
        [
          ['config', '{nope'],
          ['image', png(100), 'x.png'],
        ],
        JSON_CODE,
      ],
      ['a bad card', [['config', JSON.stringify({ format: 'gif', title: 'x' })]], 'invalid_format'],
      [
        'too many fields',
        [
          ['a', '1'],
          ['b', '2'],
          ['c', '3'],
          ['d', '4'],
          ['e', '5'],
          ['config', '{}'],
        ],
        'invalid_field',
      ],
    ] as [string, [string, string | Blob, string?][], string][])('%s', async (_name, parts, code) => {
      expectOg(await og('/render', await multipart(parts)), 400, code);
    });
  });
});

describe('Audome: { success: false, error, code }', () => {
  const generate = (request: Raw | { headers: Record<string, string>; body: object }) =>
    s.send('/compat/audome/api/render/generate', request);
  function expectAudome(res: Answer, status: number, code: string) {
    expect({ status: res.status, success: res.json().success, code: res.json().code }).toEqual({
      status,
      success: false,
      code,
    });
    expect(String(res.json().error).length).toBeGreaterThan(5);
  }
  const cases: [string, object, number, string][] = [
    ['no template source', bad.noSource, 400, 'VALIDATION_FAILED'],
    ['only a width', bad.noSourceWidthOnly, 400, 'VALIDATION_FAILED'],
    ['a Handlebars syntax error', { html: bad.handlebarsSyntax.html }, 400, 'VALIDATION_FAILED'],
    [
      'an unknown data key',
      { html: '<div>{{title}}</div>', data: { 'titel.text': 'x' } },
      400,
      'VALIDATION_FAILED',
    ],
    ['a width out of range', { html: '<div>x</div>', width: 99_999 }, 400, 'VALIDATION_FAILED'],
    ['an unknown format', { html: '<div>x</div>', format: 'gif' }, 400, 'VALIDATION_FAILED'],
    [
      'a refused remote image',
      { html: bad.refusedImage.html, width: 20, height: 20 },
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown project', { projectId: 'tpl_doesnotexist' }, 404, 'PROJECT_NOT_FOUND'],
    [
      'a project with a refused image',
      { projectId: 'remote', data: { 'title.text': 'x' } },
      400,
      'VALIDATION_FAILED',
    ],
  ];
  it.each(cases)('%s', async (_name, body, status, code) => {
    const resolved =
      'projectId' in body && body.projectId === 'remote' ? { ...body, projectId: stored.remote } : body;
    expectAudome(await generate({ headers: keyHeaders, body: resolved }), status, code);
  });
  it.each([
    ['malformed JSON', raw.malformed!, 400, 'VALIDATION_FAILED'],
    ['a text/plain body', raw.textPlain!, 400, 'VALIDATION_FAILED'],
    ['a body over the limit', raw.tooLarge!, 400, 'VALIDATION_FAILED'],
    ['no API key', raw.noKey!, 401, 'UNAUTHORIZED'],
    ['an unknown API key', raw.badKey!, 401, 'UNAUTHORIZED'],
  ] as [string, Raw, number, string][])('%s', async (_name, request, status, code) => {
    expectAudome(await generate(request), status, code);
  });
  it('GET /api/render/projects/:id of an unknown project', async () => {
    const res = await s.send('/compat/audome/api/render/projects/tpl_doesnotexist', { headers: keyHeaders });
    expectAudome(res, 404, 'PROJECT_NOT_FOUND');
  });
  it('GET /api/render/projects/:id with an over-long or undecodable id (router errors)', async () => {
    const long = `/compat/audome/api/render/projects/${'x'.repeat(200)}`;
    expectAudome(await s.send(long, { headers: keyHeaders }), 400, 'VALIDATION_FAILED');
    const undecodable = '/compat/audome/api/render/projects/%zz';
    expectAudome(await s.send(undecodable, { headers: keyHeaders }), 400, 'VALIDATION_FAILED');
  });
});
