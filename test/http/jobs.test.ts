import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/image.ts';

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
}

// A real webhook receiver on loopback; `localhost` is allowed by name for the fetch guard.
let receiver: http.Server;
let port: number;
const deliveries: Delivery[] = [];
let failNext = 0;

let t: TestApp;
beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
  t = await createTestApp(
    { fetchAllowHosts: ['localhost'], jobBackoffMs: 20, webhookBackoffMs: 20, webhookAttempts: 3 },
    { workers: true },
  );
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => receiver.close(resolve));
});

type Json = Record<string, unknown>;
const post = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload });

async function waitForJob(id: string): Promise<Json> {
  for (let i = 0; i < 200; i++) {
    const job = (await t.app.inject({ url: `/v1/jobs/${id}`, headers: auth })).json() as Json;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

async function waitForDeliveries(count: number): Promise<void> {
  for (let i = 0; i < 200 && deliveries.length < count; i++) await new Promise((r) => setTimeout(r, 25));
}

describe('async renders', () => {
  it('answers 202 with a job, then stores the image and calls the signed webhook', async () => {
    failNext = 1; // the first delivery fails: the webhook is retried
    const res = await post({
      html: '<div style="width:30px;height:30px;background:#abcdef"></div>',
      width: 30,
      height: 30,
      async: true,
      webhook_url: `http://localhost:${port}/hook`,
    });
    expect(res.statusCode).toBe(202);
    const accepted = res.json() as Json;
    expect(accepted).toMatchObject({ status: 'queued' });
    expect(accepted.id).toMatch(/^job_/);
    expect(String(accepted.status_url)).toMatch(new RegExp(`/v1/jobs/${accepted.id}$`));

    const job = await waitForJob(String(accepted.id));
    expect(job.status).toBe('succeeded');
    const result = job.result as Json & { webhook: Json };
    expect(result).toMatchObject({ width: 30, height: 30, format: 'png' });
    expect(result.webhook).toMatchObject({ delivered: true, attempts: 2, status: 204 });
    const image = await t.app.inject({ url: new URL(String(result.url)).pathname });
    expect((await decode(image.rawPayload)).width).toBe(30);

    await waitForDeliveries(1);
    const delivery = deliveries.find((d) => JSON.parse(d.body).id === accepted.id)!;
    expect(delivery.headers['x-placard-event']).toBe('render.succeeded');
    const event = JSON.parse(delivery.body) as Json;
    expect(event).toMatchObject({ id: accepted.id, status: 'succeeded', result: { id: result.id } });
    // A receiver checks the signature with the account's secret.
    const { secret } = (await t.app.inject({ url: '/v1/webhooks/secret', headers: auth })).json() as {
      secret: string;
    };
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(
      String(delivery.headers['x-placard-signature']),
    )!;
    const expected = createHmac('sha256', secret).update(`${timestamp}.${delivery.body}`).digest('hex');
    expect(signature).toBe(expected);
  });

  it('fails a job that can never succeed at once, without retries, and says so to the webhook', async () => {
    // Accepted (it compiles), but the component throws whenever it runs.
    const res = await post({
      jsx: 'export default function Card() { throw new Error("boom"); }',
      async: true,
      webhook_url: `http://localhost:${port}/hook`,
    });
    const job = await waitForJob(String((res.json() as Json).id));
    expect(job).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'TEMPLATE_RUNTIME_ERROR' } });
    await waitForDeliveries(2);
    const failed = deliveries.map((d) => JSON.parse(d.body) as Json).find((e) => e.id === job.id);
    expect(failed).toMatchObject({
      type: 'render.failed',
      status: 'failed',
      error: { code: 'TEMPLATE_RUNTIME_ERROR' },
    });
  });

  it('refuses at once, with nothing queued, an async job that can only fail', async () => {
    const queue = t.services.queue!;
    const enqueue = queue.enqueue.bind(queue);
    let enqueued = 0;
    queue.enqueue = (job) => (enqueued++, enqueue(job));
    const cases: [Json, string][] = [
      [{ html: '<div>{{#if}}</div>' }, 'TEMPLATE_COMPILE_FAILED'],
      [{ html: '<div>{{title}}</div>', variables: { titel: 'typo' } }, 'VALIDATION_FAILED'],
      [{ template_id: 'tpl_does_not_exist' }, 'TEMPLATE_NOT_FOUND'],
      [{ jsx: 'export default function Card( {' }, 'TEMPLATE_COMPILE_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await post({ ...body, async: true });
      expect(res.statusCode, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect((res.json() as { error: { code: string } }).error.code).toBe(code);
    }
    queue.enqueue = enqueue;
    expect(enqueued).toBe(0);
  });

  it("refuses a webhook without async, a webhook that is not http(s), and hides other accounts' jobs", async () => {
    expect((await post({ html: '<div/>', webhook_url: 'https://example.com/h' })).statusCode).toBe(400);
    expect((await post({ html: '<div/>', async: true, webhook_url: 'ftp://example.com/h' })).statusCode).toBe(
      400,
    );
    const res = await post({ html: '<div/>', width: 5, height: 5, async: true });
    const id = String((res.json() as Json).id);
    const other = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/keys',
        headers: auth,
        payload: { name: 'o', new_account_name: 'O', role: 'admin' },
      })
    ).json() as { key: string };
    const theirs = await t.app.inject({
      url: `/v1/jobs/${id}`,
      headers: { authorization: `Bearer ${other.key}` },
    });
    expect(theirs.statusCode).toBe(404);
    expect((await waitForJob(id)).status).toBe('succeeded');
  });

  it('refuses a webhook the fetch guard refuses when the job is accepted, naming the reason', async () => {
    const res = await post({
      html: '<div/>',
      width: 6,
      height: 6,
      async: true,
      webhook_url: `http://127.0.0.1:${port}/hook`,
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('WEBHOOK_URL_REFUSED');
    expect(error.message).toMatch(/address 127\.0\.0\.1 is loopback/);
  });
});
