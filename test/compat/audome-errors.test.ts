// Audome's request errors, each produced for real over a socket: bad bodies (400
// VALIDATION_FAILED), keys (401 UNAUTHORIZED) and missing projects (404 PROJECT_NOT_FOUND),
// always as exactly { success: false, error, code }. The other codes: audome-failures.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectAudomeError, generate, send } from './audome-client.ts';
import {
  audomeProject,
  nativeTemplate,
  newAccount,
  startDialects,
  type DialectServer,
} from './audome-fixture.ts';

let s: DialectServer;
let projectId: string;

beforeAll(async () => {
  s = await startDialects();
  projectId = await nativeTemplate(s, { name: 'P', kind: 'elements', source: audomeProject });
});
afterAll(() => s.close());

describe('400 VALIDATION_FAILED', () => {
  it.each([
    ['neither projectId nor html', {}, /Either projectId or html is required.*neither/],
    ['both projectId and html', { projectId: 'x', html: '<p></p>' }, /received: both/],
    [
      'an unknown format',
      { html: '<p></p>', format: 'gif' },
      /body.format must be one of "png", "jpeg", "webp"/,
    ],
    ['a quality out of range', { html: '<p></p>', quality: 0 }, /body.quality must be >= 1/],
    ['an unknown field', { html: '<p></p>', template: 'x' }, /body.template is not a known field/],
    ['a width of the wrong type', { html: '<p></p>', width: '100' }, /body.width must be of type integer/],
    [
      'a colour that is not one',
      { html: '<p></p>', backgroundColor: 'blurple' },
      /body.backgroundColor is not a CSS colour/,
    ],
  ])('for %s', async (_name, body, message) => {
    expectAudomeError(await generate(s.audome, body), 400, 'VALIDATION_FAILED', message);
  });

  it('for a data key the project does not have, naming the keys it has', async () => {
    const sent = await generate(s.audome, { projectId, data: { 'price.text': '9' } });
    expectAudomeError(
      sent,
      400,
      'VALIDATION_FAILED',
      /data.price.text is not a dynamic element.*title.text, subtitle.text, hero.img/,
    );
  });

  it.each([
    ['http', 'http://images.example.com/hero.jpg'],
    ['data', 'data:image/png;base64,iVBORw0KGgo='],
    ['not a URL', 'hero.jpg'],
  ])('for an image that is not a public https URL (%s)', async (_name, url) => {
    expectAudomeError(
      await generate(s.audome, { projectId, data: { 'hero.img': url } }),
      400,
      'VALIDATION_FAILED',
      /data.hero.img must be a public https URL/,
    );
  });

  it('for an https image on a private address: the fetch guard refuses it', async () => {
    const sent = await generate(s.audome, { projectId, data: { 'hero.img': 'https://127.0.0.1/hero.png' } });
    expectAudomeError(
      sent,
      400,
      'VALIDATION_FAILED',
      /Could not load image "https:\/\/127.0.0.1\/hero.png".*private/,
    );
  });

  it('for a body that is not JSON', async () => {
    expectAudomeError(
      await send(s.audome, '/api/render/generate', { raw: '{"projectId":' }),
      400,
      'VALIDATION_FAILED',
      /not valid JSON/,
    );
  });

  it('for an inline template that does not compile', async () => {
    expectAudomeError(await generate(s.audome, { html: '{{#if x}}' }), 400, 'VALIDATION_FAILED');
  });
});

describe('401 UNAUTHORIZED', () => {
  it('without a token', async () => {
    expectAudomeError(await generate(s.audome, { projectId }, null), 401, 'UNAUTHORIZED', /Missing API key/);
  });
  it('with an unknown token', async () => {
    expectAudomeError(
      await generate(s.audome, { projectId }, 'not-a-key'),
      401,
      'UNAUTHORIZED',
      /Unknown or revoked API key/,
    );
  });
  it('on the projects route too', async () => {
    expectAudomeError(
      await send(s.audome, `/api/render/projects/${projectId}`, { method: 'GET', key: null }),
      401,
      'UNAUTHORIZED',
    );
  });
});

describe('404 PROJECT_NOT_FOUND', () => {
  it('for an unknown projectId', async () => {
    expectAudomeError(
      await generate(s.audome, { projectId: 'tpl_nope' }),
      404,
      'PROJECT_NOT_FOUND',
      /projectId "tpl_nope" does not exist/,
    );
  });
  it("for another account's project, exactly like a missing one", async () => {
    const { key } = await newAccount(s);
    expectAudomeError(await generate(s.audome, { projectId }, key), 404, 'PROJECT_NOT_FOUND');
    expectAudomeError(
      await send(s.audome, `/api/render/projects/${projectId}`, { method: 'GET', key }),
      404,
      'PROJECT_NOT_FOUND',
    );
  });
  it('for a route Audome does not have', async () => {
    expectAudomeError(
      await send(s.audome, '/api/render/nope', { body: {} }),
      404,
      'PROJECT_NOT_FOUND',
      /No route POST/,
    );
  });
});
