import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';

// Loopback is refused by default; `localhost` is allowed by name here, as an operator would
// allow an internal asset server, so a redirect from it to 127.0.0.1 must still be refused.
let assets: AssetServer;
let t: TestApp;
beforeAll(async () => {
  assets = await startAssetServer();
  t = await createTestApp({ fetchAllowHosts: ['localhost'] });
});
afterAll(async () => {
  await t.close();
  await assets.close();
});

const img = (src: string) => `<img src="${src}" style="width:20px;height:20px">`;
const render = (html: string, extra: object = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: { html, width: 20, height: 20, ...extra },
  });

describe('remote images', () => {
  it('draws an image from an allowed host through the fetch guard', async () => {
    const res = await render(img(assets.url('/red.png', 'localhost')));
    expect(res.statusCode).toBe(200);
    expect(pixelAt(await decode(res.rawPayload), 10, 10)).toEqual([255, 0, 0, 255]);
  });

  it('draws a data: URL with no fetch at all', async () => {
    const dot =
      'data:image/svg+xml;base64,' +
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#00f"/></svg>',
      ).toString('base64');
    const res = await render(img(dot));
    expect(pixelAt(await decode(res.rawPayload), 10, 10)).toEqual([0, 0, 255, 255]);
  });

  it('refuses a loopback address and names the URL and the reason', async () => {
    const url = assets.url('/red.png');
    const res = await render(img(url));
    expect(res.statusCode).toBe(422);
    const { error } = res.json() as { error: { code: string; message: string; details: { url: string } } };
    expect(error.code).toBe('ASSET_FETCH_FAILED');
    expect(error.message).toContain(url);
    expect(error.message).toMatch(/loopback|private/);
  });

  it('refuses a redirect to 127.0.0.1', async () => {
    const target = assets.url('/red.png');
    const res = await render(img(assets.url(`/redirect?to=${encodeURIComponent(target)}`, 'localhost')));
    expect(res.statusCode).toBe(422);
    const { error } = res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('ASSET_FETCH_FAILED');
    expect(error.message).toContain('127.0.0.1');
  });

  it('refuses a missing image with the status it got', async () => {
    const res = await render(img(assets.url('/missing.png', 'localhost')));
    expect(res.statusCode).toBe(422);
    expect((res.json() as { error: { message: string } }).error.message).toContain('404');
  });

  it('fails with RENDER_TIMEOUT when the render outlives timeout_ms', async () => {
    const res = await render(img(assets.url('/slow.png?ms=4000', 'localhost')), { timeout_ms: 1000 });
    expect(res.statusCode).toBe(504);
    expect((res.json() as { error: { code: string } }).error.code).toBe('RENDER_TIMEOUT');
  });
});
