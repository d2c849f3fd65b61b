// The single flight across nodes on one Redis. Each "node" is a createRedisSingleFlight with
// its own Redis connection and its own in-process state, all sharing one Redis render cache.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisCache } from '../../src/cache/redis.ts';
import { createRedisSingleFlight, type RedisSingleFlightOptions } from '../../src/cache/single-flight.ts';
import type { CachedRender, RenderCache } from '../../src/cache/types.ts';
import { sampleRender } from '../contract/cache.contract.ts';
import { createRedisFixture, redisUnavailableReason } from './redis-fixture.ts';
import { startRedisProxy } from './redis-proxy.ts';

const skipRedis = await redisUnavailableReason();
if (skipRedis) console.warn(`Skipping the Redis single flight tests: ${skipRedis}`);

describe.skipIf(skipRedis !== undefined)('redis single flight', () => {
  const fixture = createRedisFixture();
  const closers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await fixture.destroy();
  });

  async function setup(options: Partial<RedisSingleFlightOptions> = {}, nodes = 2) {
    const url = options.url ?? fixture.url;
    const cache = await createRedisCache({ url, prefix: fixture.prefix() });
    closers.push(() => cache.close());
    const lockPrefix = fixture.prefix();
    const flights = [];
    for (let i = 0; i < nodes; i++) {
      const flight = await createRedisSingleFlight(
        { lockMs: 5_000, waitMs: 5_000, ...options, url, prefix: lockPrefix },
        cache,
      );
      closers.push(() => flight.close());
      flights.push(flight);
    }
    return { cache, flights, lockKey: (key: string) => `${lockPrefix}${key}` };
  }

  /** The render path's work: render (slowly), then store in the shared cache. */
  function renderer(cache: RenderCache, options: { ms?: number; fail?: boolean } = {}) {
    const calls: number[] = [];
    const work = (key: string) => async (): Promise<CachedRender> => {
      calls.push(Date.now());
      await sleep(options.ms ?? 100);
      if (options.fail) throw new Error('render failed');
      const value = sampleRender(Buffer.from(`render of ${key} #${calls.length}`));
      await cache.set(key, value, 60);
      return value;
    };
    return { calls, work };
  }

  it('renders once for 10 concurrent identical misses spread over two nodes', async () => {
    const { cache, flights } = await setup();
    const { calls, work } = renderer(cache);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => flights[i % 2]?.run('card', work('card')) ?? fail()),
    );
    expect(calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.data.toString()))).toEqual(new Set(['render of card #1']));
  });

  it('takes over the lock of a dead node once it expires after lockMs', async () => {
    const { cache, flights, lockKey } = await setup({ lockMs: 400 }, 1);
    await fixture.client.set(lockKey('card'), 'dead-node', 'PX', 400);
    const { calls, work } = renderer(cache, { ms: 10 });
    const started = Date.now();
    const result = await (flights[0] ?? fail()).run('card', work('card'));
    expect(calls).toHaveLength(1);
    expect((calls[0] ?? 0) - started).toBeGreaterThanOrEqual(300); // not before the lock lapsed
    expect(result.data.toString()).toBe('render of card #1');
    expect(await fixture.client.exists(lockKey('card'))).toBe(0); // released after the render
  });

  it('never waits past waitMs: a live but stuck holder does not hold a render up', async () => {
    const { cache, flights, lockKey } = await setup({ waitMs: 300 }, 1);
    await fixture.client.set(lockKey('card'), 'stuck-node', 'PX', 60_000);
    const { calls, work } = renderer(cache, { ms: 10 });
    await (flights[0] ?? fail()).run('card', work('card'));
    expect(calls).toHaveLength(1);
    expect(await fixture.client.get(lockKey('card'))).toBe('stuck-node'); // not ours to delete
  });

  it('lets the next node render when the holder fails', async () => {
    const { cache, flights } = await setup();
    const failing = renderer(cache, { ms: 100, fail: true });
    const working = renderer(cache, { ms: 10 });
    const first = (flights[0] ?? fail()).run('card', failing.work('card'));
    await sleep(30); // node 0 holds the lock now
    const second = (flights[1] ?? fail()).run('card', working.work('card'));
    await expect(first).rejects.toThrow('render failed');
    expect((await second).data.toString()).toBe('render of card #1');
    expect(working.calls).toHaveLength(1);
  });

  it('releases only its own lock: one that expired and was taken by another node stays', async () => {
    const { cache, flights, lockKey } = await setup({ lockMs: 150 }, 1);
    const { work } = renderer(cache, { ms: 400 });
    const running = (flights[0] ?? fail()).run('card', work('card'));
    await sleep(250); // our lock has lapsed; another node takes it
    await fixture.client.set(lockKey('card'), 'other-node', 'PX', 60_000);
    await running;
    expect(await fixture.client.get(lockKey('card'))).toBe('other-node');
  });

  it('renders without the lock when Redis is gone, once per key per node, reporting it once', async () => {
    const proxy = await startRedisProxy(fixture.url);
    const cache = await createRedisCache({ url: fixture.url, prefix: fixture.prefix() });
    const errors: Error[] = [];
    const flight = await createRedisSingleFlight(
      {
        url: proxy.url,
        prefix: fixture.prefix(),
        lockMs: 5_000,
        waitMs: 5_000,
        onError: (e) => errors.push(e),
      },
      cache,
    );
    try {
      await proxy.down();
      const { calls, work } = renderer(cache, { ms: 10 });
      // Without Redis, callers on one node still share one render.
      await Promise.all(Array.from({ length: 10 }, () => flight.run('a', work('a'))));
      await flight.run('b', work('b'));
      expect(calls).toHaveLength(2);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/Redis render lock at .*failed/);
    } finally {
      await flight.close();
      await cache.close();
    }
  });

  it('refuses lockMs or waitMs that are not positive integers', async () => {
    const { cache } = await setup({}, 0);
    await expect(
      createRedisSingleFlight({ url: fixture.url, lockMs: 0, waitMs: 100 }, cache),
    ).rejects.toThrow(/lockMs as a positive integer; received 0/);
  });
});

function fail(): never {
  throw new Error('missing node');
}
