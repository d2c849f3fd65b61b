// An account's Tailwind theme: stored with PUT /v1/tailwind/theme (checked by the real Tailwind
// compiler), shared by every template of the account, seen by every node, and part of both
// cache keys: a changed theme draws again, another account never gets it. Bad themes answer 4xx
// with stable codes over a real socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import { tailwindCss, tailwindVersion } from '../../src/templates/tailwind/compile.ts';
import { THEME_CACHE_MS, createTailwindThemes, themeHash } from '../../src/templates/tailwind/themes.ts';
import { newAccount } from '../helpers/app.ts';
import { decode, pixelAt } from '../helpers/image.ts';
import { keyHeaders, startSocketApp, type Answer, type SocketApp } from '../helpers/socket-app.ts';
import { createPostgresFixture, postgresUnavailable, TEST_POSTGRES_URL } from '../storage/fixtures.ts';

const hasChromium = findChromium() !== undefined;
const postgresSkip = await postgresUnavailable();
if (postgresSkip) console.warn(`[tailwind theme] skipping the PostgreSQL cases: ${postgresSkip}`);

const brand = '@theme {\n  --color-brand: #ff0066;\n  --color-ink: #0b1020;\n}';
const calm = '@theme {\n  --color-brand: #0f766e;\n  --color-ink: #ffffff;\n}';
const card = '<div class="flex h-full w-full items-center bg-brand px-16 text-6xl text-ink">{{title}}</div>';

function expectError(res: Answer, status: number, code: string): string {
  const error = res.json().error as { code: string; message: string };
  expect({ status: res.status, code: error.code }).toEqual({ status, code });
  expect(error.message.length).toBeGreaterThan(20);
  return error.message;
}

describe.each([
  ['SQLite', {}],
  ['PostgreSQL', { databaseUrl: TEST_POSTGRES_URL }],
])('the account theme over a real socket (%s)', (backend, overrides) => {
  const skip = backend === 'PostgreSQL' && postgresSkip !== undefined;
  let s: SocketApp;
  beforeAll(async () => {
    if (skip) return;
    let databaseUrl: string | undefined;
    if ('databaseUrl' in overrides) databaseUrl = (await createPostgresFixture()).options.url;
    s = await startSocketApp({ maxTailwindThemeBytes: 1024, ...(databaseUrl && { databaseUrl }) });
  }, 60_000);
  afterAll(() => s?.close());

  const put = (body: object | string, headers: Record<string, string> = keyHeaders, contentType?: string) =>
    s.send('/v1/tailwind/theme', {
      method: 'PUT',
      headers: { ...headers, ...(contentType && { 'content-type': contentType }) },
      body,
    });
  const render = (headers: Record<string, string>, extra: object = {}) =>
    s.send('/v1/render', {
      headers,
      timeoutMs: 60_000, // the first Chromium render starts the browser
      body: { html: card, variables: { title: 'Brand day' }, width: 600, height: 315, ...extra },
    });

  it.skipIf(skip).each([
    ['a plain rule', '@theme { --color-brand: red; }\nbody { color: red }', /outside any @theme block/],
    ['an @import', '@import "tailwindcss/preflight.css";', /outside any @theme block/],
    ['a @plugin', '@plugin "./evil.js";', /outside any @theme block/],
    ['an unclosed block', '@theme { --color-brand: red;', /Missing closing \}/],
    ['a property without a value', '@theme { --color-brand red; }', /custom property/],
    ['a rule inside @theme', '@theme { .card { color: red } }', /only contain custom properties/],
    ['a </style> in a value', '@theme { --font-x: "</style><b>"; }', /<\/style/],
    ['nothing', '   ', /empty/],
  ])('refuses %s with 400 TAILWIND_THEME_INVALID and stores nothing', async (_name, css, says) => {
    expect(expectError(await put({ css }), 400, 'TAILWIND_THEME_INVALID')).toMatch(says);
    expectError(await s.send('/v1/tailwind/theme', { headers: keyHeaders }), 404, 'TAILWIND_THEME_NOT_FOUND');
  });

  it.skipIf(skip)('refuses a theme over the size limit, a wrong body and a wrong content type', async () => {
    const big = `@theme { ${Array.from({ length: 80 }, (_, i) => `--color-c${i}: #123456;`).join(' ')} }`;
    const message = expectError(await put({ css: big }), 413, 'TAILWIND_THEME_TOO_LARGE');
    expect(message).toContain('1024');
    expectError(await put({ css: 42 }), 400, 'VALIDATION_FAILED');
    expectError(await put({ css: brand, extra: true }), 400, 'VALIDATION_FAILED');
    expectError(await put(brand, keyHeaders, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(
      await s.send('/v1/tailwind/theme', { method: 'DELETE', headers: keyHeaders }),
      404,
      'TAILWIND_THEME_NOT_FOUND',
    );
  });

  it.skipIf(skip)(
    'is shared by the account’s templates, redraws when changed, and stays private',
    async () => {
      const owner = await newAccount(s, { name: 'theme-owner' });
      const other = await newAccount(s, { name: 'theme-other' });
      const ownerHeaders = { authorization: `Bearer ${owner.key}` };
      const otherHeaders = { authorization: `Bearer ${other.key}` };

      const stored = await put({ css: brand }, ownerHeaders);
      expect(stored.status, stored.text).toBe(200);
      expect(stored.json()).toMatchObject({ css: brand, sha256: themeHash(brand) });
      const read = await s.send('/v1/tailwind/theme', { headers: ownerHeaders });
      expect(read.json()).toEqual(stored.json());

      const first = await render(ownerHeaders);
      expect(first.status, first.text).toBe(200);
      expect(first.headers['x-cache']).toBe('MISS');
      expect(pixelAt(await decode(first.body), 3, 3).slice(0, 3)).toEqual([255, 0, 102]);
      expect((await render(ownerHeaders)).headers['x-cache']).toBe('HIT');

      // A new theme (sent as text/css this time) is a new cache entry and new pixels.
      expect((await put(calm, ownerHeaders, 'text/css')).status).toBe(200);
      const changed = await render(ownerHeaders);
      expect(changed.headers['x-cache']).toBe('MISS');
      expect(pixelAt(await decode(changed.body), 3, 3).slice(0, 3)).toEqual([15, 118, 110]);

      // Another account's templates know no `bg-brand`: Tailwind builds nothing, the page is white.
      const foreign = await render(otherHeaders);
      expect(pixelAt(await decode(foreign.body), 3, 3).slice(0, 3)).toEqual([255, 255, 255]);
      expectError(
        await s.send('/v1/tailwind/theme', { headers: otherHeaders }),
        404,
        'TAILWIND_THEME_NOT_FOUND',
      );

      const removed = await s.send('/v1/tailwind/theme', { method: 'DELETE', headers: ownerHeaders });
      expect(removed.status).toBe(204);
      const plain = await render(ownerHeaders);
      expect(pixelAt(await decode(plain.body), 3, 3).slice(0, 3)).toEqual([255, 255, 255]);
    },
  );

  it.skipIf(skip || !hasChromium)('is drawn by Chromium as by the native engine', async () => {
    const account = await newAccount(s, { name: 'theme-engines' });
    const headers = { authorization: `Bearer ${account.key}` };
    expect((await put({ css: brand }, headers)).status).toBe(200);
    for (const engine of ['native', 'chromium']) {
      const res = await render(headers, { engine, cache_ttl: 0 });
      expect(res.headers['x-engine']).toBe(engine);
      expect(pixelAt(await decode(res.body), 3, 3).slice(0, 3)).toEqual([255, 0, 102]);
    }
  });
});

describe('theme and compiler version in the keys', () => {
  it('compiles the same classes once per theme', async () => {
    const html = '<div class="bg-brand p-4">x</div>';
    const a = await tailwindCss(html, { css: brand, sha256: themeHash(brand) });
    const b = await tailwindCss(html, { css: calm, sha256: themeHash(calm) });
    expect(a).toContain('#ff0066');
    expect(b).toContain('#0f766e');
    expect(await tailwindCss(html)).not.toContain('bg-brand');
  });

  it('reads the installed tailwindcss version', async () => {
    const { default: pkg } = await import('tailwindcss/package.json', { with: { type: 'json' } });
    expect(tailwindVersion).toBe((pkg as { version: string }).version);
  });
});

describe.skipIf(postgresSkip !== undefined)('the theme on two nodes sharing PostgreSQL', () => {
  const dbs: Database[] = [];
  let destroy: () => Promise<void>;
  beforeAll(async () => {
    const fixture = await createPostgresFixture();
    destroy = fixture.destroy;
    for (let i = 0; i < 2; i += 1) dbs.push(await createDatabase(fixture.options));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
    await destroy?.();
  });

  it('what one node stores the other draws with; a removal reaches it within THEME_CACHE_MS', async () => {
    const [a, b] = dbs.map((db) => createTailwindThemes(db, { maxBytes: 4096 }));
    const account = (await dbs[0]!.accounts.create({ name: 'two-nodes' })).id;
    await a!.put(account, brand);
    expect(await b!.forRender(account)).toEqual({ css: brand, sha256: themeHash(brand) });
    await a!.delete(account);
    expect(await a!.forRender(account)).toBeUndefined(); // this node: at once
    await new Promise((resolve) => setTimeout(resolve, THEME_CACHE_MS + 100));
    expect(await b!.forRender(account)).toBeUndefined();
  });
});
