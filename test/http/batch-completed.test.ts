// batch.completed over a real socket: once the last item of an async batch ends, its webhook
// gets one batch.completed (signed like every webhook, recorded under the batch id) with the
// same summary as GET /v1/batches/:id; a batch without a webhook is still marked completed.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_ACCOUNT_ID } from '../../src/auth/keys.ts';
import { keyHeaders, startSocketApp, type SocketApp } from '../helpers/socket-app.ts';

type Json = Record<string, unknown>;
interface Received {
  event: string;
  signature: string;
  raw: string;
  body: Json;
}

const received: Received[] = [];
let receiver: http.Server;
let hookUrl: string;
let t: SocketApp;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const event = String(req.headers['x-placard-event']);
      const signature = String(req.headers['x-placard-signature']);
      received.push({ event, signature, raw, body: JSON.parse(raw) as Json });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://localhost:${(receiver.address() as AddressInfo).port}/hook`;
  t = await startSocketApp({ fetchAllowHosts: ['localhost'], jobBackoffMs: 20 });
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
// Accepted (the address is only fetched when drawn), then refused by the fetch guard: a
// permanent failure of this item alone.
const refused = {
  html: '<img src="http://10.0.0.1/a.png" style="width:8px;height:8px">',
  width: 8,
  height: 8,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ofBatch = (id: unknown) =>
  received.filter((r) => r.body.id === id || (r.body.batch as Json)?.id === id);

async function view(id: unknown): Promise<Json> {
  return (await t.send(`/v1/batches/${String(id)}`, { headers: keyHeaders })).json() as Json;
}

describe('batch.completed', () => {
  it('is sent once, after every item’s webhook, with the counts of GET /v1/batches/:id', async () => {
    const accepted = await t.send('/v1/render/batch', {
      headers: keyHeaders,
      body: { items: [swatch('#ff0000'), refused, swatch('#0000ff')], async: true, webhook_url: hookUrl },
    });
    expect(accepted.status).toBe(202);
    const id = accepted.json().id;
    for (let i = 0; i < 400 && !ofBatch(id).some((r) => r.event === 'batch.completed'); i++) await sleep(25);
    await sleep(300); // a second batch.completed would have arrived by now
    const mine = ofBatch(id);
    expect(mine.map((r) => r.event).slice(-1)).toEqual(['batch.completed']);
    expect(mine.filter((r) => r.event === 'batch.completed')).toHaveLength(1);
    expect(
      mine
        .filter((r) => r.event.startsWith('render.'))
        .map((r) => r.event)
        .sort(),
    ).toEqual(['render.failed', 'render.succeeded', 'render.succeeded']);

    const completed = mine.at(-1)!;
    const status = await view(id);
    expect(completed.body).toEqual({
      type: 'batch.completed',
      id,
      status: 'completed',
      status_url: `${t.url}/v1/batches/${String(id)}`,
      total: 3,
      succeeded: 2,
      failed: 1,
      items: (status.items as Json[]).map(({ index, job_id, status: itemStatus }) => ({
        index,
        job_id,
        status: itemStatus,
      })),
      created_at: status.created_at,
    });
    expect(status).toMatchObject({ status: 'completed', succeeded: 2, failed: 1 });
    expect(status.completed_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect((status.items as Json[])[1]).toMatchObject({ status: 'failed' });

    // Signed with the account's webhook secret, like every webhook.
    const secret = (await t.send('/v1/webhooks/secret', { headers: keyHeaders })).json().secret as string;
    const [, stamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(completed.signature)!;
    expect(signature).toBe(createHmac('sha256', secret).update(`${stamp}.${completed.raw}`).digest('hex'));
    // Recorded like a job's webhook, under the batch id.
    const deliveries = await t.services.db!.webhookDeliveries.list(INSTALL_ACCOUNT_ID, String(id));
    expect(deliveries).toMatchObject([{ attempt: 1, outcome: 'delivered', status: 204, url: hookUrl }]);
  });

  it('sends nothing for a batch without a webhook, and still records that it completed', async () => {
    const before = received.length;
    const accepted = await t.send('/v1/render/batch', {
      headers: keyHeaders,
      body: { items: [swatch('#00ff00'), swatch('#00ffff')], async: true },
    });
    expect(accepted.status).toBe(202);
    const id = accepted.json().id;
    let status = await view(id);
    for (let i = 0; i < 400 && status.completed_at === undefined; i++) {
      await sleep(25);
      status = await view(id);
    }
    expect(status).toMatchObject({ status: 'completed', succeeded: 2, failed: 0 });
    expect(status.completed_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(received.length).toBe(before);
  });
});
