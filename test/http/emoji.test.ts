// The `emoji` render option over the native API: the style changes the image (and so the cache
// entry and ETag), `none` draws no emoji image, and an unknown style is refused naming the styles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const render = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: {
      html: '<div style="font-size:64px">Launch 🚀</div>',
      width: 320,
      height: 100,
      engine: 'native',
      ...body,
    },
  });

describe('POST /v1/render emoji', () => {
  it('draws noto by default, another style as another image with its own ETag', async () => {
    const byDefault = await render({});
    const noto = await render({ emoji: 'noto' });
    const fluent = await render({ emoji: 'fluent' });
    expect([byDefault.statusCode, noto.statusCode, fluent.statusCode]).toEqual([200, 200, 200]);
    expect(noto.headers.etag).toBe(byDefault.headers.etag);
    expect(fluent.headers.etag).not.toBe(noto.headers.etag);
    expect(Buffer.compare(fluent.rawPayload, noto.rawPayload)).not.toBe(0);
  });

  it('answers 400 naming the allowed styles for an unknown one', async () => {
    const res = await render({ emoji: 'blobmoji' });
    expect(res.statusCode).toBe(400);
    const error = (res.json() as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain(
      'body.emoji must be one of "noto", "twemoji", "openmoji", "fluent", "none"; received: "blobmoji"',
    );
  });
});
