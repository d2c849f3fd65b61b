// The client against a real server on a socket: every wrapped route, its types and its errors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacardClient, PlacardApiError, type PlacardClient } from '@placard/client';
import { decode } from '../../../test/helpers/image.ts';
import { listen, TEST_KEY, type Listening } from './server.ts';

const card = {
  html: '<div style="display:flex;width:100%;height:100%;background:#0f172a;color:white;font-size:48px;align-items:center;justify-content:center">{{title}}</div>',
  variables: { title: 'Hello from the SDK' },
  width: 400,
  height: 210,
};

let server: Listening;
let client: PlacardClient;
beforeAll(async () => {
  server = await listen({}, true);
  client = createPlacardClient({ baseUrl: server.baseUrl, apiKey: TEST_KEY });
});
afterAll(() => server.close());

async function rejection(promise: Promise<unknown>): Promise<PlacardApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlacardApiError);
  return error as PlacardApiError;
}

describe('renders', () => {
  it('answers the image bytes with what the headers say about them', async () => {
    const first = await client.render(card);
    expect(first.contentType).toBe('image/png');
    expect([...first.data.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(first).toMatchObject({ width: 400, height: 210, engine: 'native', cache: 'MISS' });
    expect(first.etag).toMatch(/^".+"$/);
    expect(first.renderMs).toBeGreaterThan(0);
    const pixels = await decode(Buffer.from(first.data));
    expect([pixels.width, pixels.height]).toEqual([400, 210]);
    const again = await client.render(card);
    expect(again.cache).toBe('HIT');
    expect(again.etag).toBe(first.etag);
    expect(again.notModified).toBe(false);
    const unchanged = await client.render(card, { headers: { 'if-none-match': first.etag! } });
    expect(unchanged).toMatchObject({ notModified: true, etag: first.etag });
    expect(unchanged.data).toHaveLength(0);
  });

  it('stores a render and answers its public URL, which serves the same image', async () => {
    const stored = await client.renderToUrl({ ...card, format: 'webp' });
    expect(stored).toMatchObject({ width: 400, height: 210, format: 'webp' });
    const served = await fetch(stored.url);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect((await served.arrayBuffer()).byteLength).toBe(stored.bytes);
    expect(await client.renders.get(stored.id)).toMatchObject({ id: stored.id, url: stored.url });
  });

  it('queues an async render and waits for its job', async () => {
    const job = await client.renderAsync(card);
    expect(['queued', 'running', 'succeeded']).toContain(job.status);
    const done = await client.jobs.wait(job.id, { intervalMs: 50 });
    expect(done.status).toBe('succeeded');
    expect(done.result).toMatchObject({ width: 400, height: 210, format: 'png' });
  });

  it('renders a batch, each item answering its image or its own error', async () => {
    const { items } = await client.batch([card, { ...card, width: 99999 }]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ ok: true });
    expect(items[1]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('queues an async batch and waits until every item ended', async () => {
    const accepted = await client.batchAsync([card, { ...card, variables: { title: 'Second' } }]);
    expect(accepted).toMatchObject({ total: 2, queued: 2 });
    const done = await client.batches.wait(accepted.id, { intervalMs: 50 });
    expect(done).toMatchObject({ status: 'completed', succeeded: 2, failed: 0 });
    expect(done.items.map((item) => item.job_id)).toEqual(accepted.items.map((item) => item.job_id));
    const refused = await rejection(client.batchAsync([{ ...card, width: 99999 }]));
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(refused.message).toContain('items.0.width');
  });

  it('validates how text fits without drawing', async () => {
    const fit = await client.validate({
      preset: 'default',
      variables: {
        title: 'A title long enough to wrap onto more than one line of the card',
        maxTitleLines: 1,
      },
    });
    expect(fit.elements.find((e) => e.name === 'title')).toMatchObject({ overflow: true, max_lines: 1 });
    expect(fit.fits).toBe(false);
  });

  it('throws PlacardApiError with the code, status and every validation problem', async () => {
    const error = await rejection(client.render({ ...card, width: 5000, format: 'gif' as 'png' }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.message).toMatch(/width/);
    expect(error.details.errors).toHaveLength(2);
    const anonymous = createPlacardClient({ baseUrl: server.baseUrl, apiKey: 'wrong-key-0000000000' });
    expect(await rejection(anonymous.usage())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });
});

describe('templates, versions and signed URLs', () => {
  it('creates, reads, versions, lists, renders and deletes a stored template', async () => {
    const created = await client.templates.create({ name: 'sdk card', kind: 'html', source: card.html });
    const id = String(created.id);
    await client.templates.update(id, { source: card.html.replace('#0f172a', '#7c3aed') });
    expect((await client.templates.get(id)).version).toBe(2);
    expect((await client.templates.get(id, { version: 1 })).version).toBe(1);
    expect((await client.templates.versions(id)).versions.map((v) => v.version)).toEqual([2, 1]);
    expect((await client.templates.schema(id)).variables).toEqual([
      expect.objectContaining({ name: 'title', type: 'text' }),
    ]);
    expect((await client.templates.schemaOf({ kind: 'html', source: card.html })).variables).toEqual([
      expect.objectContaining({ name: 'title', type: 'text' }),
    ]);
    const mine: string[] = [];
    for await (const summary of client.templates.all({ scope: 'mine', limit: 1 })) mine.push(summary.id);
    expect(mine).toContain(id);

    const [v1, v2] = await Promise.all([
      client.render({ template_id: id, version: 1, variables: card.variables, width: 40, height: 20 }),
      client.render({ template_id: id, variables: card.variables, width: 40, height: 20 }),
    ]);
    const [p1, p2] = await Promise.all([decode(Buffer.from(v1.data)), decode(Buffer.from(v2.data))]);
    // Version 1 is slate, version 2 violet: the corner pixel tells them apart.
    expect(p1.data[2]).toBeLessThan(80);
    expect(p2.data[2]).toBeGreaterThan(150);

    await client.templates.delete(id);
    expect(await rejection(client.templates.get(id))).toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
      status: 404,
    });
  });

  it('mints signed URLs that render without a key', async () => {
    const created = await client.templates.create({ name: 'signed', kind: 'html', source: card.html });
    const signed = await client.urls.sign({ template_id: String(created.id), variables: card.variables });
    expect(signed.expires_at).toBeGreaterThan(Date.now() / 1000);
    const image = await fetch(signed.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const many = await client.urls.signMany([
      { template_id: String(created.id), variables: { title: 'one' } },
      { template_id: String(created.id), variables: { title: 'two' } },
    ]);
    expect(many).toHaveLength(2);
    expect(new Set(many.map((u) => u.url)).size).toBe(2);
  });
});

describe('fonts', () => {
  it('uploads a font, lists it, renders with it, deletes it', async () => {
    const file = await readFile(
      path.resolve(
        import.meta.dirname,
        '../../../node_modules/@fontsource/playfair-display/files/playfair-display-latin-700-normal.woff2',
      ),
    );
    const uploaded = (await client.fonts.upload(file, { family: 'SDK Brand', weight: '700' })) as {
      id: string;
    };
    const list = await client.fonts.list();
    expect(JSON.stringify(list)).toContain('SDK Brand');
    const html = '<div style="font-family:\'SDK Brand\';font-weight:700;font-size:40px">Brand</div>';
    const image = await client.render({ html, width: 300, height: 80 });
    expect(image.fontFallbacks).toEqual([]);
    await client.fonts.delete(uploaded.id);
    expect((await client.render({ html, width: 300, height: 80, cache_ttl: 0 })).fontFallbacks).toEqual([
      'SDK Brand',
    ]);
  });
});

describe('tailwind theme', () => {
  it('stores a theme the account’s templates compile with, reads it back, deletes it', async () => {
    const stored = await client.tailwind.theme.put('@theme { --color-sdk: #ff0066; }');
    expect(stored.css).toContain('--color-sdk');
    expect((await client.tailwind.theme.get()).sha256).toBe(stored.sha256);
    const card = { html: '<div class="bg-sdk w-full h-full"></div>', width: 40, height: 40, cache_ttl: 0 };
    const themed = await client.render(card);
    await client.tailwind.theme.delete();
    await expect(client.tailwind.theme.get()).rejects.toMatchObject({
      status: 404,
      code: 'TAILWIND_THEME_NOT_FOUND',
    });
    // Without the theme `bg-sdk` is no utility: the page is drawn white instead of pink.
    const plain = await client.render(card);
    expect(Buffer.from(themed.data).equals(Buffer.from(plain.data))).toBe(false);
  });
});

describe('keys, usage, webhooks and health', () => {
  it('creates, lists and revokes keys; a member key may not manage keys', async () => {
    const created = (await client.keys.create({ name: 'sdk member', role: 'member' })) as {
      id: string;
      key: string;
    };
    expect(created.key).toEqual(expect.any(String));
    expect((await client.keys.list()).keys.map((k) => k.id)).toContain(created.id);
    const member = createPlacardClient({ baseUrl: server.baseUrl, apiKey: created.key });
    expect((await member.usage()).account_id).toBe((await client.usage()).account_id);
    expect(await rejection(member.keys.list())).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    await client.keys.revoke(created.id);
    expect(await rejection(member.usage())).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  });

  it('reads usage, the webhook secret, health and readiness', async () => {
    const usage = await client.usage();
    expect(usage.plan).toEqual(expect.any(String));
    expect(usage.features).toContain('png');
    expect((await client.webhooks.secret()).secret).toMatch(/^whsec_/);
    expect(await client.health()).toEqual({ status: 'ok' });
    expect((await client.ready()).engine).toBe('native');
  });
});
