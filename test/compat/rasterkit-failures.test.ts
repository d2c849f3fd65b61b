// RasterKit's metering and render failures, each produced for real: quota_exceeded and
// plan_required 402 (real metering on test plans), navigation_failed 422 and url_blocked 451
// (the fetch guard), rate_limited 429, render_timeout 504, internal_error 500, and a Placard
// code RasterKit has none for (server_busy 503).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacardError } from '../../src/errors/placard-error.ts';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import {
  newAccount,
  startDialects,
  startFailingDialects,
  testPlans,
  type DialectServer,
} from './audome-fixture.ts';
import { expectRasterkitError, postImage } from './rasterkit-fixture.ts';

let s: DialectServer;
let broken: Awaited<ReturnType<typeof startFailingDialects>>;
let assets: AssetServer;

beforeAll(async () => {
  assets = await startAssetServer();
  s = await startDialects({ config: { ...testPlans, fetchAllowHosts: ['localhost'] } });
  broken = await startFailingDialects();
});
afterAll(async () => {
  await s.close();
  await broken.server.close();
  await assets.close();
});

const image = (src: string) => ({
  template_html: '<img src="{{src}}" width="10" height="10">',
  variables: { src },
});

describe('RasterKit metering and render failures', () => {
  it('quota_exceeded 402 when the monthly quota or the credits are used up', async () => {
    const quota = await newAccount(s, 'quota');
    expect((await postImage(s, { template_html: '<p>1</p>' }, quota.key)).status).toBe(200);
    await expectRasterkitError(
      await postImage(s, { template_html: '<p>2</p>' }, quota.key),
      402,
      'quota_exceeded',
      /Monthly quota/,
    );
    const credits = await newAccount(s, 'credits');
    await expectRasterkitError(
      await postImage(s, { template_html: '<p></p>' }, credits.key),
      402,
      'quota_exceeded',
      /Not enough credits/,
    );
  });

  it('plan_required 402 for a format or async outside the plan', async () => {
    const { key } = await newAccount(s, 'pngOnly');
    await expectRasterkitError(
      await postImage(s, { template_html: '<p></p>', format: 'webp' }, key),
      402,
      'plan_required',
      /"webp"/,
    );
    await expectRasterkitError(
      await postImage(s, { template_html: '<p></p>', async: true }, key),
      402,
      'plan_required',
      /"async"/,
    );
  });

  it('navigation_failed 422 for an image that cannot be loaded', async () => {
    const res = await postImage(s, image(assets.url('/missing.png', 'localhost')));
    await expectRasterkitError(res, 422, 'navigation_failed', /Could not load image/);
  });

  it('url_blocked 451 for an image on a private address', async () => {
    await expectRasterkitError(
      await postImage(s, image('https://127.0.0.1/x.png')),
      451,
      'url_blocked',
      /private/,
    );
  });

  it('rate_limited 429 past the per-minute limit, with Retry-After', async () => {
    const { key } = await newAccount(s, 'tight');
    for (let i = 0; i < 2; i++)
      expect((await postImage(s, { template_html: '<p></p>' }, key)).status).toBe(200);
    const res = await postImage(s, { template_html: '<p></p>' }, key);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectRasterkitError(res, 429, 'rate_limited');
  });

  it('render_timeout 504 when the render outlives timeout_ms', async () => {
    const res = await postImage(s, {
      ...image(assets.url('/slow.png?ms=3000', 'localhost')),
      timeout_ms: 1000,
    });
    await expectRasterkitError(res, 504, 'render_timeout', /timeout_ms=1000/);
  });

  it('internal_error 500 for an unexpected failure, revealing nothing internal', async () => {
    broken.fail(new Error('engine crashed at 0xdeadbeef'));
    const res = await postImage(broken.server, { template_html: '<p></p>' });
    await expectRasterkitError(
      res,
      500,
      'internal_error',
      /^An unexpected error occurred; it has been logged\.$/,
    );
  });

  it('keeps Placard codes RasterKit has none for: server_busy 503 with Retry-After', async () => {
    broken.fail(
      new PlacardError('SERVER_BUSY', 'Too many renders queued.', {
        headers: { 'Retry-After': '2' },
      }),
    );
    const res = await postImage(broken.server, { template_html: '<p></p>' });
    expect(res.headers.get('retry-after')).toBe('2');
    await expectRasterkitError(res, 503, 'server_busy');
  });
});
