// RasterKit async renders: 202 { id, status, status_url } at once, the job polled at
// status_url under the dialect's prefix, the stored image at result_url, the signed webhook,
// and failed jobs reported with RasterKit's error codes.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeTemplate, startDialects, throwingJsx, type DialectServer } from './audome-fixture.ts';
import { keyed, postImage } from './rasterkit-fixture.ts';

type Json = Record<string, unknown>;
let s: DialectServer;
let receiver: http.Server;
let port: number;
const deliveries: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
  // `localhost` is allowed by name so the guarded webhook sender may call the receiver.
  s = await startDialects({ config: { fetchAllowHosts: ['localhost'], jobBackoffMs: 20 }, workers: true });
});
afterAll(async () => {
  await s.close();
  await new Promise((resolve) => receiver.close(resolve));
});

async function poll(url: string): Promise<Json> {
  for (let i = 0; i < 200; i++) {
    const job = (await (await fetch(url, { headers: keyed() })).json()) as Json;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job at ${url} did not finish`);
}

describe('async: true', () => {
  it('answers 202 with id, status and a status_url under the dialect, then stores the image', async () => {
    const res = await postImage(s, {
      template_html: '<div style="width:80px;height:64px;background:#abcdef"></div>',
      width: 80,
      height: 64,
      async: true,
      webhook_url: `http://localhost:${port}/hook`,
    });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as Json;
    expect(Object.keys(accepted).sort()).toEqual(['id', 'status', 'status_url']);
    expect(accepted.status).toBe('queued');
    expect(accepted.status_url).toBe(`${s.rasterkit}/v1/jobs/${accepted.id}`);

    const job = await poll(String(accepted.status_url));
    expect(job).toMatchObject({ id: accepted.id, status: 'succeeded', error: null });
    const image = await fetch(String(job.result_url));
    expect(await sharp(Buffer.from(await image.arrayBuffer())).metadata()).toMatchObject({
      width: 80,
      height: 64,
    });

    // The webhook was told, signed with the account's webhook secret.
    for (let i = 0; i < 100 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const delivery = deliveries[0]!;
    const event = JSON.parse(delivery.body) as Json;
    expect(event).toMatchObject({ id: accepted.id, status: 'succeeded' });
    const { secret } = (await (
      await fetch(`${s.base}/v1/webhooks/secret`, { headers: keyed() })
    ).json()) as Json;
    const signature = String(delivery.headers['x-placard-signature']);
    const [t, v1] = signature.split(',').map((part) => part.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', String(secret)).update(`${t}.${delivery.body}`).digest('hex'));
  });

  it('reports a failed job with a RasterKit error code', async () => {
    const id = await nativeTemplate(s, throwingJsx);
    const accepted = (await (await postImage(s, { template_id: id, async: true })).json()) as Json;
    const job = await poll(String(accepted.status_url));
    expect(job).toMatchObject({ status: 'failed', result_url: null, error: { code: 'template_invalid' } });
    expect((job.error as Json).message).toMatch(/cannot draw x/);
  });

  it('refuses webhook_url without async, and a webhook_url that is not http(s)', async () => {
    const without = await postImage(s, { template_html: '<p></p>', webhook_url: 'https://example.com/hook' });
    expect(without.status).toBe(400);
    expect(((await without.json()) as { error: Json }).error).toMatchObject({ code: 'invalid_request' });
    const ftp = await postImage(s, {
      template_html: '<p></p>',
      async: true,
      webhook_url: 'ftp://example.com/hook',
    });
    expect(ftp.status).toBe(400);
  });

  it('answers job_not_found for an unknown job', async () => {
    const res = await fetch(`${s.rasterkit}/v1/jobs/job_nope`, { headers: keyed() });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: Json }).error).toMatchObject({ code: 'job_not_found' });
  });
});
