// RasterKit's request errors, each produced for real: invalid_request 400 (with details),
// unauthorized 401, forbidden 403, template_not_found and not_found 404, payload_too_large 413
// and template_invalid 422. Metering and render failures: rasterkit-failures; signature_*:
// rasterkit-signed; job_not_found: rasterkit-async.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDialects, type DialectServer } from './audome-fixture.ts';
import { expectRasterkitError, keyed, postImage } from './rasterkit-fixture.ts';

let s: DialectServer;
beforeAll(async () => {
  s = await startDialects();
});
afterAll(() => s.close());

describe('RasterKit request errors', () => {
  it('invalid_request 400, listing each problem in details', async () => {
    const error = await expectRasterkitError(
      await postImage(s, { template_html: '<p></p>', width: 10, format: 'gif' }),
      400,
      'invalid_request',
    );
    expect(error.details?.map((d) => d.field).sort()).toEqual(['body.format', 'body.width']);
  });

  it.each([
    ['neither template', {}, /Exactly one of template_id or template_html.*neither/],
    ['both templates', { template_id: 'tpl_x', template_html: '<p></p>' }, /received: both/],
    [
      'template_html over 500 KB',
      { template_html: `<p>${'x'.repeat(520_000)}</p>` },
      /template_html is \d+ bytes/,
    ],
    [
      'an output too large',
      { template_html: '<p></p>', width: 4096, height: 4096, device_scale_factor: 3 },
      /more than the 40000000 pixels/,
    ],
    [
      'a timeout out of range',
      { template_html: '<p></p>', timeout_ms: 100 },
      /body.timeout_ms must be >= 1000/,
    ],
    [
      'a cache_ttl out of range',
      { template_html: '<p></p>', cache_ttl: 604801 },
      /body.cache_ttl must be <= 604800/,
    ],
  ])('invalid_request 400 for %s', async (_name, body, message) => {
    await expectRasterkitError(await postImage(s, body), 400, 'invalid_request', message);
  });

  it('invalid_request 400 for a body that is not JSON, or not sent as JSON', async () => {
    const url = `${s.rasterkit}/v1/image`;
    await expectRasterkitError(
      await fetch(url, { method: 'POST', headers: keyed(), body: '{"template_id"' }),
      400,
      'invalid_request',
      /not valid JSON/,
    );
    const text = await fetch(url, {
      method: 'POST',
      headers: { ...keyed(), 'content-type': 'text/plain' },
      body: 'hi',
    });
    await expectRasterkitError(text, 400, 'invalid_request', /send application\/json/);
  });

  it('unauthorized 401 without a key, or with an unknown one', async () => {
    const none = await fetch(`${s.rasterkit}/v1/image`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    await expectRasterkitError(none, 401, 'unauthorized');
    await expectRasterkitError(
      await postImage(s, { template_html: '<p></p>' }, 'rk_live_nope'),
      401,
      'unauthorized',
    );
  });

  it('forbidden 403 for changing a built-in starter template', async () => {
    const res = await fetch(`${s.rasterkit}/v1/templates/preset:social-card`, {
      method: 'PUT',
      headers: keyed(),
      body: JSON.stringify({ name: 'mine now' }),
    });
    await expectRasterkitError(res, 403, 'forbidden', /built-in starter template/);
  });

  it('template_not_found 404, and not_found 404 for a route RasterKit does not have', async () => {
    await expectRasterkitError(await postImage(s, { template_id: 'tpl_missing' }), 404, 'template_not_found');
    await expectRasterkitError(
      await fetch(`${s.rasterkit}/v1/pdf`, { method: 'POST', headers: keyed(), body: '{}' }),
      404,
      'not_found',
    );
  });

  it('payload_too_large 413 for a body over the limit', async () => {
    const body = { template_html: '<p></p>', variables: { pad: 'x'.repeat(1_100_000) } };
    await expectRasterkitError(await postImage(s, body), 413, 'payload_too_large');
  });

  it('template_invalid 422 for a template that does not compile', async () => {
    await expectRasterkitError(await postImage(s, { template_html: '{{#if x}}' }), 422, 'template_invalid');
  });
});
