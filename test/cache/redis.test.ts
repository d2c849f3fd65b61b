// What the Redis cache promises beyond the contract: one compact binary key per render with a
// TTL, a clear error when Redis is not there at start, and at run time an outage that costs
// renders their cache but never fails them, reported once per incident.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis.ts';
import { sampleRender } from '../contract/cache.contract.ts';
import { createRedisFixture, redisUnavailableReason } from './redis-fixture.ts';
import { startRedisProxy } from './redis-proxy.ts';

const skipRedis = await redisUnavailableReason();
if (skipRedis) console.warn(`Skipping the Redis render cache tests: ${skipRedis}`);

describe('redis cache: start', () => {
  it('fails with an error that names the URL but not the password', async () => {
    const attempt = createRedisCache({ url: 'redis://placard:hunter2@127.0.0.1:1/0' });
    await expect(attempt).rejects.toThrow(
      /Could not connect to Redis at redis:\/\/placard:\*\*\*@127\.0\.0\.1:1\/0/,
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('refuses a URL that is not redis:// or rediss://', async () => {
    await expect(createRedisCache({ url: 'http://u:secret@127.0.0.1:6379' })).rejects.toThrow(
      /redis:\/\/ or rediss:\/\/ URL; received http:\/\/u:\*\*\*@127\.0\.0\.1:6379/,
    );
  });
});

describe.skipIf(skipRedis !== undefined)('redis cache: storage and outages', () => {
  const fixture = createRedisFixture();
  afterAll(() => fixture.destroy());

  it('keeps one key per render: the image bytes as they are, not base64, with the TTL', async () => {
    const prefix = fixture.prefix();
    const cache = await createRedisCache({ url: fixture.url, prefix });
    const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    await cache.set('card', sampleRender(data), 300);
    await cache.close();
    expect(await fixture.client.keys(`${prefix}*`)).toEqual([`${prefix}card`]);
    const raw = await fixture.client.getBuffer(`${prefix}card`);
    expect(raw?.subarray(raw.length - data.length).equals(data)).toBe(true);
    expect(raw?.length).toBeLessThan(data.length + 512);
    const ttl = await fixture.client.ttl(`${prefix}card`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
  });

  it('treats a damaged value as a miss and reports it', async () => {
    const prefix = fixture.prefix();
    const errors: Error[] = [];
    const cache = await createRedisCache({ url: fixture.url, prefix, onError: (e) => errors.push(e) });
    await fixture.client.set(`${prefix}bad`, Buffer.from([1, 0xff, 0xff, 0xff, 0xff, 0x7b]));
    expect(await cache.get('bad')).toBeUndefined();
    expect(errors).toHaveLength(1);
    await cache.close();
  });

  it('survives an outage: misses, skipped stores, one report per incident', async () => {
    const proxy = await startRedisProxy(fixture.url);
    const prefix = fixture.prefix();
    const errors: Error[] = [];
    const cache = await createRedisCache({ url: proxy.url, prefix, onError: (e) => errors.push(e) });
    try {
      await cache.set('kept', sampleRender(Buffer.from('kept')), 300);

      await proxy.down();
      for (let i = 0; i < 5; i++) {
        expect(await cache.get('kept')).toBeUndefined();
        await expect(cache.set('other', sampleRender(Buffer.from('x')), 300)).resolves.toBeUndefined();
      }
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/Redis render cache at redis:\/\/127\.0\.0\.1:\d+.*failed/);

      await proxy.up();
      await waitFor(async () => (await cache.get('kept'))?.data.toString() === 'kept');
      expect(errors).toHaveLength(1);

      await proxy.down();
      expect(await cache.get('kept')).toBeUndefined();
      expect(errors).toHaveLength(2); // a new incident, reported again
    } finally {
      await cache.close();
      await proxy.down();
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}
