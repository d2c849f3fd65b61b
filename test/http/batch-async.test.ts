// Async batches over a real socket: POST /v1/render/batch with async answers 202 with a batch,
// each item runs as a job and calls the batch's webhook with its batch and index, and
// GET /v1/batches/:id shows every item. A batch that is wrong anywhere is a 4xx naming the
// item, with nothing queued.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newAccount } from '../helpers/app.ts';
import { keyHeaders, startSocketApp, type Answer, type SocketApp } from '../helpers/socket-app.ts';

type Json = Record<string, unknown>;

const plans = { 'sync-only': { features: ['png', 'batch'] } };
const hooks: Json[] = [];
let receiver: http.Server;
let hookUrl: string;
let t: SocketApp;
/** Jobs the routes queued: counted at the queue the app was given. */
let enqueued = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hooks.push(JSON.parse(body) as Json);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;
  t = await startSocketApp({
    fetchAllowHosts: ['localhost'],
    batchMaxItems: 5,
    jobBackoffMs: 20,
    plans: JSON.stringify(plans),
  });
  const queue = t.services.queue!;
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = (job) => (enqueued++, enqueue(job));
  t.services.startWorkers();
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const swatch = (colour: string) => ({
  html: `<div style="width:12px;height:12px;background:${colour}"></div>`,
  width: 12,
  height: 12,
});
const batch = (body: object, headers: Record<string, string> = keyHeaders) =>
  t.send('/v1/render/batch', { headers, body });
const errorOf = (answer: Answer) => (answer.json() as { error: { code: string; message: string } }).error;

async function settled(statusUrl: string): Promise<Json & { items: Json[] }> {
  const path = new URL(statusUrl).pathname;
  for (let i = 0; i < 400; i++) {
    const answer = await t.send(path, { headers: keyHeaders });
    expect(answer.status).toBe(200);
    const view = answer.json() as Json & { items: Json[] };
    if (view.status === 'completed') return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`batch ${statusUrl} did not complete`);
}

describe('async batches', () => {
  it('answers 202 with every item queued, then runs each as a job and calls the webhook per item', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const accepted = await batch({ items: colours.map(swatch), async: true, webhook_url: hookUrl });
    expect(accepted.status).toBe(202);
    const view = accepted.json() as Json & { items: Json[] };
    expect(view.id).toMatch(/^bat_/);
    expect(view).toMatchObject({ status: 'queued', total: 3, queued: 3, succeeded: 0, webhook_url: hookUrl });
    expect(view.items.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(enqueued).toBeGreaterThanOrEqual(3);
    expect(String(view.status_url)).toBe(`${t.url}/v1/batches/${view.id}`);

    const done = await settled(String(view.status_url));
    expect(done).toMatchObject({ status: 'completed', total: 3, succeeded: 3, failed: 0, queued: 0 });
    for (const [index, item] of done.items.entries()) {
      expect(item).toMatchObject({ index, job_id: view.items[index]!.job_id, status: 'succeeded' });
      const image = await t.send(new URL(String((item.result as Json).url)).pathname);
      expect(image.status).toBe(200);
      expect(image.headers['content-type']).toBe('image/png');
    }
    // The job of each item is an ordinary async job too.
    const job = await t.send(`/v1/jobs/${String(done.items[1]!.job_id)}`, { headers: keyHeaders });
    expect(job.json()).toMatchObject({ status: 'succeeded' });

    for (let i = 0; i < 200 && hooks.filter((h) => h.type === 'render.succeeded').length < 3; i++)
      await new Promise((resolve) => setTimeout(resolve, 25));
    const mine = hooks.filter((hook) => (hook.batch as Json | undefined)?.id === view.id);
    expect(mine.map((hook) => (hook.batch as Json).index).sort()).toEqual([0, 1, 2]);
    expect(mine.every((hook) => hook.type === 'render.succeeded')).toBe(true);
  });

  it('lets an item that fails only when drawn fail alone, with its error', async () => {
    const refused = {
      html: '<img src="http://10.0.0.1/a.png" style="width:8px;height:8px">',
      width: 8,
      height: 8,
    };
    const accepted = await batch({ items: [swatch('#123456'), refused], async: true });
    expect(accepted.status).toBe(202);
    const done = await settled(String(accepted.json().status_url));
    expect(done).toMatchObject({ status: 'completed', succeeded: 1, failed: 1 });
    expect(done.items[0]).toMatchObject({ status: 'succeeded' });
    expect(done.items[1]).toMatchObject({ status: 'failed', error: { code: expect.any(String) } });
  });

  it('shows another account’s batch, or one that does not exist, as 404', async () => {
    const accepted = await batch({ items: [swatch('#abcdef')], async: true });
    const other = await newAccount(t);
    const theirs = await t.send(`/v1/batches/${String(accepted.json().id)}`, {
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(theirs.status).toBe(404);
    expect(errorOf(theirs).code).toBe('NOT_FOUND');
    const none = await t.send('/v1/batches/bat_nothing', { headers: keyHeaders });
    expect(none.status).toBe(404);
    expect(errorOf(none).message).toContain('bat_nothing');
  });
});

describe('async batches refused whole, nothing queued', () => {
  let before = 0;
  beforeEach(() => void (before = enqueued));
  afterEach(() => expect(enqueued).toBe(before));

  it('refuses webhook_url without async', async () => {
    const answer = await batch({ items: [swatch('red')], webhook_url: hookUrl });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('VALIDATION_FAILED');
    expect(errorOf(answer).message).toContain('body.webhook_url needs async: true');
  });

  it('refuses async or webhook_url set on an item, naming it', async () => {
    const answer = await batch({ items: [swatch('red'), { ...swatch('blue'), async: true }], async: true });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toContain('items.1.async is not allowed on an item');
    const hooked = await batch({ items: [{ ...swatch('red'), webhook_url: hookUrl }], async: true });
    expect(hooked.status).toBe(400);
    expect(errorOf(hooked).message).toContain('items.0.webhook_url is not allowed on an item');
  });

  it('refuses an item that breaks the schema, naming the field and what it received', async () => {
    const answer = await batch({ items: [{ ...swatch('red'), width: -4 }], async: true });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('VALIDATION_FAILED');
    expect(errorOf(answer).message).toMatch(/items\.0\.width must be >= \d+; received: -4/);
  });

  it('refuses an item whose template does not exist, with its own code and the item', async () => {
    const answer = await batch({ items: [swatch('red'), { template_id: 'tpl_missing' }], async: true });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('TEMPLATE_NOT_FOUND');
    expect(errorOf(answer).message).toMatch(/^items\.1: /);
  });

  it('refuses more items than PLACARD_BATCH_MAX_ITEMS', async () => {
    const answer = await batch({ items: Array.from({ length: 6 }, () => swatch('red')), async: true });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).message).toBe('body.items must have at most 5 items; received: 6');
  });

  it('refuses a webhook address the fetch guard would refuse', async () => {
    const answer = await batch({
      items: [swatch('red')],
      async: true,
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('WEBHOOK_URL_REFUSED');
  });

  it('refuses a non-boolean async and an unknown field', async () => {
    const wrongType = await batch({ items: [swatch('red')], async: 'yes' });
    expect(wrongType.status).toBe(400);
    expect(errorOf(wrongType).message).toContain('async');
    const unknown = await batch({ items: [swatch('red')], async: true, callback: hookUrl });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toContain('callback is not a known field');
  });

  it('refuses an async batch on a plan without async renders with 402 (a synchronous one is allowed)', async () => {
    const { key } = await newAccount(t, { plan: 'sync-only' });
    const headers = { authorization: `Bearer ${key}` };
    const answer = await batch({ items: [swatch('red')], async: true }, headers);
    expect(answer.status).toBe(402);
    expect(errorOf(answer).code).toBe('PLAN_REQUIRED');
    expect(errorOf(answer).message).toContain('async');
    expect((await batch({ items: [swatch('red')] }, headers)).status).toBe(200);
  });
});
