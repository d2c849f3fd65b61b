// verifyWebhook against webhooks a real server signed and delivered over a socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlacardClient, verifyWebhook, type PlacardClient } from '@placard/client';
import { listen, TEST_KEY, webhookReceiver, type Listening } from './server.ts';

let server: Listening;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let client: PlacardClient;
beforeAll(async () => {
  receiver = await webhookReceiver();
  server = await listen({ fetchAllowHosts: ['localhost'] }, true);
  client = createPlacardClient({ baseUrl: server.baseUrl, apiKey: TEST_KEY });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

describe('verifyWebhook', () => {
  it("accepts Placard's signed delivery and refuses a changed body, another secret, an old one", async () => {
    const { secret } = await client.webhooks.secret();
    const job = await client.renderAsync({
      html: '<div>hook</div>',
      width: 100,
      height: 50,
      webhook_url: receiver.url,
    });
    const delivery = await receiver.next();
    const signature = String(delivery.headers['x-placard-signature']);

    const verified = await verifyWebhook({ body: delivery.body, signature, secret });
    expect(verified).toMatchObject({ ok: true, event: { type: 'render.succeeded', id: job.id } });
    if (!verified.ok) throw new Error('unreachable');
    expect(verified.event.result?.url).toMatch(/^http/);
    // Bytes verify alike, and any of several secrets (rotation) may match.
    const bytes = new TextEncoder().encode(delivery.body);
    expect(await verifyWebhook({ body: bytes, signature, secret: ['whsec_old', secret] })).toMatchObject({
      ok: true,
    });

    const changed = delivery.body.replace('render.succeeded', 'render.failed');
    expect(await verifyWebhook({ body: changed, signature, secret })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
    expect(await verifyWebhook({ body: delivery.body, signature, secret: 'whsec_other' })).toMatchObject({
      reason: 'signature-mismatch',
    });
    const later = (verified.timestamp + 301) * 1000;
    expect(await verifyWebhook({ body: delivery.body, signature, secret, now: later })).toMatchObject({
      reason: 'expired',
    });
    expect(await verifyWebhook({ body: delivery.body, signature: 'v1=abc', secret })).toMatchObject({
      reason: 'malformed-signature',
    });
    expect(await verifyWebhook({ body: delivery.body, signature: undefined, secret })).toMatchObject({
      reason: 'malformed-signature',
    });
  });
});
