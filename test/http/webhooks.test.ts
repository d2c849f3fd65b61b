// Webhooks end to end over real sockets: addresses the fetch guard refuses are a 400 when the
// job is accepted (nothing queued, nothing charged), every delivery attempt to a real local
// receiver is recorded and shown on the job, each webhook's end is counted in /metrics, and a
// failed job's error code is the same in its job route and its webhook body on each surface.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderJobPayload } from '../../src/delivery/render-jobs.ts';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import { createPostgresFixture, postgresUnavailable } from '../storage/fixtures.ts';

type Json = Record<string, unknown>;
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Json;
}

let t: TestApp;
let base: string;
let key: string;
let receiver: http.Server;
let hook: (path: string) => string;
let assets: AssetServer;
const received: Received[] = [];
const answered = new Map<string, number>();

beforeAll(async () => {
  // /ok answers 204; /flaky 503 once then 204; /down always 500.
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      const seen = (answered.get(path) ?? 0) + 1;
      answered.set(path, seen);
      received.push({ path, headers: req.headers, body: JSON.parse(body) as Json });
      const status = path.startsWith('/down') ? 500 : path.startsWith('/flaky') && seen === 1 ? 503 : 204;
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.address() as AddressInfo).port;
  hook = (path) => `http://127.0.0.1:${port}${path}`;
  assets = await startAssetServer();
});
afterAll(async () => {
  await assets.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const headers = () => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
const send = async (path: string, body: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
};
const read = async (path: string) =>
  (await (await fetch(`${base}${path}`, { headers: headers() })).json()) as Json;
const swatch = { html: '<div style="width:20px;height:20px;background:#123"></div>', width: 20, height: 20 };
const withImage = (src: string) => ({
  html: `<div style="width:20px;height:20px;display:flex"><img src="${src}" style="width:20px;height:20px"></div>`,
  width: 20,
  height: 20,
});

async function usage(): Promise<{ renders: unknown; credits: unknown }> {
  const u = await read('/v1/usage');
  return { renders: u.renders_this_month, credits: (u.credits as Json).balance };
}

async function finished(statusUrl: string): Promise<Json> {
  for (let i = 0; i < 300; i++) {
    const job = (await (await fetch(statusUrl, { headers: headers() })).json()) as Json;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job at ${statusUrl} did not finish`);
}

/** The webhook bodies the receiver got for one job. */
const bodiesFor = (id: unknown) => received.filter((r) => r.body.id === id);

async function webhookCount(outcome: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`placard_webhook_deliveries_total{outcome="${outcome}"}`));
  return Number(line?.split(' ').at(-1) ?? Number.NaN);
}

/** The whole suite on one database: SQLite, and PostgreSQL in a schema of its own. */
function onDatabase(
  name: string,
  database: () => Promise<{ url: string; drop(): Promise<void> } | undefined>,
) {
  // Receiver paths of their own per suite: /flaky fails only the first call to each path.
  const slug = name.replace(/\W+/g, '-');
  describe(name, () => {
    let drop: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const db = await database();
      drop = db?.drop;
      // Only the literal 127.0.0.1 is exempt (the receiver and asset server live there); the name
      // `localhost` is not, so it shows the DNS check refusing a name that resolves to loopback.
      t = await createTestApp(
        {
          fetchAllowHosts: ['127.0.0.1'],
          ...(db && { databaseUrl: db.url }),
          webhookAttempts: 3,
          webhookBackoffMs: 10,
          jobBackoffMs: 10,
          plans: JSON.stringify({ metered: { monthly_quota: 100, credits: true, features: 'all' } }),
        },
        { workers: true },
      );
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      key = (await newAccount(t, { name: 'hooks', plan: 'metered', credits: 50 })).key;
    });
    afterAll(async () => {
      await t.close();
      await drop?.();
    });

    describe('webhook addresses refused when the job is accepted', () => {
      const refused: [string, RegExp][] = [
        ['http://10.0.0.1/hook', /address 10\.0\.0\.1 is private/],
        ['http://169.254.169.254/latest', /address 169\.254\.169\.254 is link-local/],
        ['http://[::1]:9/hook', /address ::1 is loopback/],
        // A name is resolved: localhost is 127.0.0.1 here, and only the literal is exempt.
        ['http://localhost:9/hook', /host localhost resolves to address .* which is loopback/],
        ['ftp://example.com/hook', /uses ftp:, and only http and https are allowed/],
        ['http://no-such-host.invalid/hook', /host no-such-host\.invalid does not resolve/],
      ];

      it('answers 400 WEBHOOK_URL_REFUSED naming the reason, with nothing queued or charged (native)', async () => {
        const before = await usage();
        for (const [url, reason] of refused) {
          const res = await send('/v1/render', { ...swatch, async: true, webhook_url: url });
          expect(res.status, url).toBe(400);
          const error = res.body.error as Json;
          expect(error.code).toBe('WEBHOOK_URL_REFUSED');
          expect(error.message).toMatch(reason);
          expect(error.message).toContain(`body.webhook_url "${url}" is refused`);
          expect(error.details).toMatchObject({ field: 'body.webhook_url', received: url });
        }
        // Give a wrongly queued job every chance to run and charge before looking again.
        const control = await send('/v1/render', { ...swatch, async: true });
        await finished(String(control.body.status_url));
        const after = await usage();
        // Exactly the control job was charged: the refused ones never were.
        expect(after.credits).toBe(Number(before.credits) - 1);
        expect(after.renders).toBe(Number(before.renders) + 1);
      });

      it('answers RasterKit invalid_request 400 with the same reason, with nothing charged', async () => {
        const before = await usage();
        for (const [url, reason] of refused) {
          const res = await send('/compat/rasterkit/v1/image', {
            template_html: swatch.html,
            width: 64,
            height: 64,
            async: true,
            webhook_url: url,
          });
          expect(res.status, url).toBe(400);
          const error = res.body.error as Json;
          expect(error.code).toBe('invalid_request');
          expect(error.message).toMatch(reason);
          expect(error.details).toEqual([{ field: 'webhook_url', message: error.message }]);
        }
        expect(await usage()).toEqual(before);
      });
    });

    describe('webhook deliveries', () => {
      it('records each attempt to a real receiver and shows them on the job', async () => {
        const delivered = await webhookCount('delivered');
        const res = await send('/v1/render', { ...swatch, async: true, webhook_url: hook(`/flaky/${slug}`) });
        expect(res.status).toBe(202);
        expect(res.body.webhook).toEqual({ url: hook(`/flaky/${slug}`), state: 'pending', deliveries: [] });
        const job = await finished(String(res.body.status_url));
        expect(job.status).toBe('succeeded');
        const webhook = job.webhook as { url: string; state: string; deliveries: Json[] };
        expect(webhook.url).toBe(hook(`/flaky/${slug}`));
        expect(webhook.state).toBe('delivered');
        expect(webhook.deliveries).toHaveLength(2);
        expect(webhook.deliveries[0]).toMatchObject({
          attempt: 1,
          outcome: 'failed',
          status: 503,
          error: 'answered 503',
        });
        expect(Date.parse(String(webhook.deliveries[0]!.next_attempt_at))).toBeGreaterThan(0);
        expect(webhook.deliveries[1]).toMatchObject({
          attempt: 2,
          outcome: 'delivered',
          status: 204,
          error: null,
          next_attempt_at: null,
        });
        for (const d of webhook.deliveries) {
          expect(Number.isInteger(d.duration_ms) && Number(d.duration_ms) >= 0).toBe(true);
          expect(Date.parse(String(d.at))).toBeGreaterThanOrEqual(Date.parse(String(job.created_at)));
        }
        // The receiver saw both attempts, numbered.
        const got = bodiesFor(job.id);
        expect(got.map((r) => r.headers['x-placard-delivery-attempt'])).toEqual(['1', '2']);
        expect(got[1]!.body).toMatchObject({ type: 'render.succeeded', status: 'succeeded' });
        expect(await webhookCount('delivered')).toBe(delivered + 1);
      });

      it('says failed once every attempt failed, and counts it', async () => {
        const failed = await webhookCount('failed');
        const res = await send('/v1/render', { ...swatch, async: true, webhook_url: hook(`/down/${slug}`) });
        const job = await finished(String(res.body.status_url));
        expect(job.status).toBe('succeeded');
        const webhook = job.webhook as { state: string; deliveries: Json[] };
        expect(webhook.state).toBe('failed');
        expect(webhook.deliveries.map((d) => [d.attempt, d.outcome, d.status])).toEqual([
          [1, 'failed', 500],
          [2, 'failed', 500],
          [3, 'failed', 500],
        ]);
        expect(webhook.deliveries.at(-1)!.next_attempt_at).toBeNull();
        expect(await webhookCount('failed')).toBe(failed + 1);
      });

      it('records a refusal at delivery time (the address is checked again when sending)', async () => {
        // A job whose webhook passed a different node's check: enqueued directly, as that node would.
        const accepted = await send('/v1/render', { ...swatch, async: true });
        await finished(String(accepted.body.status_url));
        const account = (await read('/v1/usage')).account_id as string;
        const template = (await t.services.queue!.get(account, String(accepted.body.id)))!
          .payload as RenderJobPayload;
        const refusedBefore = await webhookCount('refused');
        const job = await t.services.queue!.enqueue({
          accountId: account,
          payload: { ...template, webhookUrl: 'http://10.0.0.2/hook' },
        });
        const done = await finished(`${base}/v1/jobs/${job.id}`);
        expect(done.status).toBe('succeeded');
        const webhook = done.webhook as { state: string; deliveries: Json[] };
        expect(webhook.state).toBe('refused');
        expect(webhook.deliveries).toHaveLength(1);
        expect(webhook.deliveries[0]).toMatchObject({ attempt: 1, outcome: 'refused', status: null });
        expect(String(webhook.deliveries[0]!.error)).toMatch(/address 10\.0\.0\.2 is private/);
        expect(await webhookCount('refused')).toBe(refusedBefore + 1);
      });
    });

    describe('a failed job reads alike on every surface', () => {
      it('native: the job route and the webhook body both say ASSET_FETCH_FAILED', async () => {
        for (const src of ['http://10.0.0.1/x.png', assets.url('/missing.png')]) {
          const res = await send('/v1/render', { ...withImage(src), async: true, webhook_url: hook('/ok') });
          const job = await finished(String(res.body.status_url));
          expect(job).toMatchObject({ status: 'failed', error: { code: 'ASSET_FETCH_FAILED' } });
          const [event] = bodiesFor(job.id);
          expect(event!.body).toMatchObject({ type: 'render.failed', status: 'failed' });
          // The same error object as the job route, details included.
          expect(event!.body.error).toEqual(job.error);
          expect((job.error as Json).details).toMatchObject({ url: src });
          expect((job.webhook as Json).state).toBe('delivered');
        }
      });

      it('RasterKit: the job route and the webhook body both use the RasterKit code', async () => {
        const cases: [string, string][] = [
          ['http://10.0.0.1/x.png', 'url_blocked'],
          [assets.url('/missing.png'), 'navigation_failed'],
        ];
        for (const [src, code] of cases) {
          const { html } = withImage(src);
          const res = await send('/compat/rasterkit/v1/image', {
            template_html: html,
            width: 64,
            height: 64,
            async: true,
            webhook_url: hook('/ok'),
          });
          expect(res.status).toBe(202);
          const job = await finished(String(res.body.status_url));
          expect(job).toMatchObject({ status: 'failed', result_url: null, error: { code } });
          const [event] = bodiesFor(job.id);
          // The webhook body is the job as the job route shows it (no webhook section), plus type.
          const { webhook, ...view } = job;
          expect(event!.body).toEqual({ type: 'render.failed', ...view, updated_at: event!.body.updated_at });
          expect(webhook).toMatchObject({ url: hook('/ok'), state: 'delivered' });
          expect((webhook as { deliveries: Json[] }).deliveries).toMatchObject([{ attempt: 1, status: 204 }]);
        }
      });
    });
  });
}

onDatabase('sqlite', async () => undefined);
const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[webhooks] skipping PostgreSQL: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('postgres', () => {
  onDatabase('webhooks on PostgreSQL', async () => {
    const fixture = await createPostgresFixture();
    return { url: fixture.options.url!, drop: fixture.destroy };
  });
});
