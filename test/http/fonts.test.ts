// /v1/fonts end to end on a real app (SQLite, filesystem blobs, Takumi, Chromium when installed):
// every upload format, every way an upload is refused (and that nothing is kept then), renders
// drawn with the uploaded face in both engines, and one account never seeing another's fonts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pixelmatch from 'pixelmatch';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { testFonts, type TestFontFormat } from '../helpers/fonts.ts';
import { decode } from '../helpers/image.ts';

/** Inter's variable Latin subset (wght 100-900), 48 KB. */
const interVariable = () =>
  fs.readFileSync(
    createRequire(import.meta.url).resolve('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'),
  );

const hasChromium = findChromium() !== undefined;
if (!hasChromium) console.warn('Skipping chromium font tests: Chromium is not installed (CI installs it).');

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

/** A multipart body as a browser or curl -F would send it. */
async function multipart(
  fields: Record<string, string | Buffer>,
): Promise<{ payload: Buffer; type: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value)]), `${name}.bin`);
  }
  const response = new Response(form);
  return { payload: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type')! };
}

async function upload(t: TestApp, headers: Record<string, string>, fields: Record<string, string | Buffer>) {
  const { payload, type } = await multipart(fields);
  return t.app.inject({
    method: 'POST',
    url: '/v1/fonts',
    headers: { ...headers, 'content-type': type },
    payload,
  });
}

const text = (family: string) =>
  `<div style="font-family: '${family}', sans-serif; font-size: 56px; padding: 20px">Wiggly jump 0123</div>`;

async function render(t: TestApp, headers: Record<string, string>, html: string, engine = 'native') {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers,
    payload: { html, width: 640, height: 120, engine, cache_ttl: 0 },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.rawPayload;
}

/** Fraction of pixels that differ beyond pixelmatch's colour threshold. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([decode(a), decode(b)]);
  const changed = pixelmatch(x.data, y.data, undefined, x.width, x.height, { threshold: 0.1 });
  return changed / (x.width * x.height);
}

/** The font files in the test app's blob folder (the fs store keeps a metadata sidecar beside each). */
function blobFiles(t: TestApp): string[] {
  const dir = path.join(t.config.dataDir, 'blobs');
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter(
    (name) => /\.(ttf|otf|woff2?)$/.test(name) && fs.statSync(path.join(dir, name)).isFile(),
  );
}

describe('POST /v1/fonts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ maxFontBytes: 64 * 1024, fontQuota: 3 });
  });
  afterAll(() => t.close());

  it.each<[TestFontFormat, string]>([
    ['woff2', 'JetBrains Mono'],
    ['woff', 'JetBrains Mono'],
    ['ttf', 'JetBrains Mono'],
    ['otf', 'Test Mono'],
  ])('accepts %s and reads family, weight, style and scripts from the font', async (format, family) => {
    const account = await newAccount(t, { name: `upload-${format}` });
    const res = await upload(t, bearer(account.key), { file: testFonts[format]() });
    expect(res.statusCode, res.body).toBe(201);
    const font = res.json() as Record<string, unknown>;
    expect(font).toMatchObject({ family, format, style: 'normal', scripts: ['Latin'] });
    expect(font.id).toMatch(/^fnt_/);
    expect(font.weight).toBe(format === 'otf' ? 500 : 400);
    expect(font.weight_range).toBeNull();
    expect(font.bytes).toBe(testFonts[format]().length);
  });

  it("reports a variable font's weight axis, in the reply and in the list", async () => {
    const account = await newAccount(t, { name: 'variable' });
    const res = await upload(t, bearer(account.key), { file: interVariable(), family: 'Brand Variable' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ weight: 400, weight_range: { min: 100, max: 900 } });
    const listed = (
      await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(account.key) })
    ).json() as { account: { fonts: { weight_range: unknown }[] }[] };
    expect(listed.account[0]!.fonts[0]!.weight_range).toEqual({ min: 100, max: 900 });
  });

  it('takes the raw file as the body, with overrides as query parameters', async () => {
    const account = await newAccount(t, { name: 'raw' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/fonts?family=Brand%20Sans&weight=700&style=italic',
      headers: { ...bearer(account.key), 'content-type': 'font/woff2' },
      payload: testFonts.woff2(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ family: 'Brand Sans', weight: 700, style: 'italic', format: 'woff2' });
  });

  it('lists bundled families and the account’s own, grouped by family, and deletes', async () => {
    const account = await newAccount(t, { name: 'list' });
    const regular = (
      await upload(t, bearer(account.key), { file: testFonts.woff2(), family: 'Brand' })
    ).json() as {
      id: string;
    };
    await upload(t, bearer(account.key), { file: testFonts.boldWoff2(), family: 'Brand' });
    const listed = (
      await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(account.key) })
    ).json() as {
      bundled: { family: string; weights: number[]; scripts: string[] }[];
      account: {
        family: string;
        weights: number[];
        styles: string[];
        scripts: string[];
        fonts: { id: string }[];
      }[];
    };
    expect(listed.bundled.map((f) => f.family)).toContain('Inter');
    expect(listed.bundled.find((f) => f.family === 'Noto Sans JP')?.scripts).toContain('Han');
    expect(listed.account).toEqual([
      expect.objectContaining({
        family: 'Brand',
        weights: [400, 700],
        styles: ['normal'],
        scripts: ['Latin'],
      }),
    ]);
    expect(listed.account[0]!.fonts).toHaveLength(2);

    const gone = await t.app.inject({
      method: 'DELETE',
      url: `/v1/fonts/${regular.id}`,
      headers: bearer(account.key),
    });
    expect(gone.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/v1/fonts/${regular.id}`,
      headers: bearer(account.key),
    });
    expect(again.statusCode).toBe(404);
    expect(errorOf(again).code).toBe('FONT_NOT_FOUND');
  });

  describe('refuses, and keeps nothing', () => {
    let account: { key: string; id: string };
    beforeAll(async () => {
      account = await newAccount(t, { name: 'refused' });
    });

    const cases: [string, () => Buffer, number, string][] = [
      [
        'random bytes',
        () => Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256)),
        422,
        'FONT_INVALID',
      ],
      ['a PNG', () => Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 422, 'FONT_INVALID'],
      ['a truncated WOFF2', () => testFonts.woff2().subarray(0, 9000), 422, 'FONT_TRUNCATED'],
      ['a truncated TTF', () => testFonts.ttf().subarray(0, 40_000), 422, 'FONT_TRUNCATED'],
      [
        'a file over PLACARD_MAX_FONT_BYTES',
        () => Buffer.concat([testFonts.ttf(), testFonts.ttf()]),
        413,
        'FONT_TOO_LARGE',
      ],
    ];
    it.each(cases)('%s', async (_name, bytes, status, code) => {
      for (const send of ['multipart', 'raw'] as const) {
        const res =
          send === 'multipart'
            ? await upload(t, bearer(account.key), { file: bytes() })
            : await t.app.inject({
                method: 'POST',
                url: '/v1/fonts',
                headers: { ...bearer(account.key), 'content-type': 'application/octet-stream' },
                payload: bytes(),
              });
        expect(res.statusCode, `${send}: ${res.body}`).toBe(status);
        expect(errorOf(res).code).toBe(code);
        expect(errorOf(res).message.length).toBeGreaterThan(20);
      }
      const listed = (
        await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(account.key) })
      ).json() as {
        account: unknown[];
      };
      expect(listed.account).toEqual([]);
      expect(blobFiles(t).filter((file) => file.includes(account.id))).toEqual([]);
    });

    it('a bad override, and a missing file field', async () => {
      const weight = await upload(t, bearer(account.key), { file: testFonts.woff2(), weight: 'bold' });
      expect(weight.statusCode).toBe(400);
      expect(errorOf(weight).message).toContain('weight must be an integer from 1 to 1000');
      const family = await upload(t, bearer(account.key), { file: testFonts.woff2(), family: 'serif' });
      expect(errorOf(family).code).toBe('VALIDATION_FAILED');
      const empty = await upload(t, bearer(account.key), { font: testFonts.woff2() });
      expect(errorOf(empty).message).toContain('named "file"');
      expect(blobFiles(t).filter((file) => file.includes(account.id))).toEqual([]);
    });

    it('over the account’s font quota (PLACARD_FONT_QUOTA), and a face it already has', async () => {
      const full = await newAccount(t, { name: 'quota' });
      for (const family of ['One', 'Two', 'Three']) {
        expect((await upload(t, bearer(full.key), { file: testFonts.woff2(), family })).statusCode).toBe(201);
      }
      const over = await upload(t, bearer(full.key), { file: testFonts.woff2(), family: 'Four' });
      expect(over.statusCode).toBe(409);
      expect(errorOf(over).code).toBe('FONT_QUOTA_EXCEEDED');
      expect(errorOf(over).message).toContain('quota of 3 fonts');
      expect(blobFiles(t).filter((file) => file.includes(full.id))).toHaveLength(3);

      const twin = await upload(t, bearer(account.key), { file: testFonts.woff2(), family: 'Twin' });
      expect(twin.statusCode).toBe(201);
      const again = await upload(t, bearer(account.key), { file: testFonts.ttf(), family: 'twin' });
      expect(again.statusCode).toBe(409);
      expect(errorOf(again).code).toBe('FONT_EXISTS');
    });
  });
});

describe('rendering with an uploaded font', () => {
  let t: TestApp;
  let owner: { key: string; id: string };
  let other: { key: string; id: string };
  beforeAll(async () => {
    t = await createTestApp();
    owner = await newAccount(t, { name: 'owner' });
    other = await newAccount(t, { name: 'other' });
    const res = await upload(t, bearer(owner.key), { file: testFonts.woff2(), family: 'Brand Mono' });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(() => t.close());

  it('draws the uploaded face in the native engine, for its account only', async () => {
    const own = await render(t, bearer(owner.key), text('Brand Mono'));
    const fallback = await render(t, bearer(other.key), text('Brand Mono'));
    const bundled = await render(t, bearer(other.key), text('JetBrains Mono'));
    expect(await difference(own, fallback)).toBeGreaterThan(0.01);
    // The upload is JetBrains Mono under another name: it draws exactly as the bundled face.
    expect(await difference(own, bundled)).toBe(0);
    // The other account gets the fallback, and hears that the family is missing.
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: bearer(other.key),
      payload: { html: text('Brand Mono'), width: 640, height: 120, cache_ttl: 0 },
    });
    expect(JSON.stringify(res.headers)).toContain('Brand Mono');
    const mine = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: bearer(owner.key),
      payload: { html: text('Brand Mono'), width: 640, height: 120, cache_ttl: 0 },
    });
    expect(JSON.stringify(mine.headers)).not.toContain('Brand Mono');
  });

  it('keeps accounts apart in the list and on delete', async () => {
    const mine = (
      await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(owner.key) })
    ).json() as {
      account: { fonts: { id: string }[] }[];
    };
    const id = mine.account[0]!.fonts[0]!.id;
    const theirs = (
      await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(other.key) })
    ).json() as {
      account: unknown[];
    };
    expect(theirs.account).toEqual([]);
    const steal = await t.app.inject({
      method: 'DELETE',
      url: `/v1/fonts/${id}`,
      headers: bearer(other.key),
    });
    expect(steal.statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/fonts', headers: bearer(owner.key) })).json(),
    ).toEqual(mine);
  });

  it('draws the fallback again once the font is deleted (no stale cache)', async () => {
    const account = await newAccount(t, { name: 'deleting' });
    const created = (
      await upload(t, bearer(account.key), { file: testFonts.woff2(), family: 'Gone Soon' })
    ).json() as {
      id: string;
    };
    const html = text('Gone Soon');
    const payload = { html, width: 640, height: 120 }; // cached: the key must change with the fonts
    const draw = async () =>
      (await t.app.inject({ method: 'POST', url: '/v1/render', headers: bearer(account.key), payload }))
        .rawPayload;
    const withFont = await draw();
    await t.app.inject({ method: 'DELETE', url: `/v1/fonts/${created.id}`, headers: bearer(account.key) });
    const without = await draw();
    expect(await difference(withFont, without)).toBeGreaterThan(0.01);
    expect(await difference(without, await render(t, bearer(other.key), html))).toBe(0);
  });

  it.skipIf(!hasChromium)('draws the uploaded face in Chromium, for its account only', async () => {
    const own = await render(t, bearer(owner.key), text('Brand Mono'), 'chromium');
    const fallback = await render(t, bearer(other.key), text('Brand Mono'), 'chromium');
    const bundled = await render(t, bearer(other.key), text('JetBrains Mono'), 'chromium');
    expect(await difference(own, fallback)).toBeGreaterThan(0.01);
    expect(await difference(own, bundled)).toBeLessThan(0.001);
    // The page that drew the owner's font draws the other account's render without it.
    expect(
      await difference(await render(t, bearer(other.key), text('Brand Mono'), 'chromium'), fallback),
    ).toBe(0);
  });

  it('OG Engine: style.font takes the family of an own font, for its account only', async () => {
    const og = (key: string, body: object) =>
      t.app.inject({
        method: 'POST',
        url: '/compat/og-engine/render',
        headers: bearer(key),
        payload: { format: 'og', title: 'Wiggly brand title', ...body },
      });
    const own = await og(owner.key, { style: { font: 'brand mono' } });
    expect(own.statusCode, own.body).toBe(200);
    const outfit = await og(owner.key, {});
    expect(await difference(own.rawPayload, outfit.rawPayload)).toBeGreaterThan(0.005);
    const stranger = await og(other.key, { style: { font: 'Brand Mono' } });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ error: 'invalid_font' });
    const validate = await t.app.inject({
      method: 'POST',
      url: '/compat/og-engine/validate',
      headers: bearer(owner.key),
      payload: { format: 'og', title: 'Wiggly brand title', font: 'Brand Mono' },
    });
    expect(validate.statusCode, validate.body).toBe(200);
  });

  it('works over a real socket, multipart upload to render', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const account = await newAccount(t, { name: 'socket' });
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(testFonts.otf())]), 'Brand.otf');
    form.append('family', 'Socket Sans');
    const created = await fetch(`${address}/v1/fonts`, {
      method: 'POST',
      headers: bearer(account.key),
      body: form,
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ family: 'Socket Sans', format: 'otf' });
    const draw = async (key: string) => {
      const res = await fetch(`${address}/v1/render`, {
        method: 'POST',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        body: JSON.stringify({ html: text('Socket Sans'), width: 640, height: 120, cache_ttl: 0 }),
      });
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    expect(await difference(await draw(account.key), await draw(other.key))).toBeGreaterThan(0.01);
  });
});
