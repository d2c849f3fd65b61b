// The per-minute limit: in memory on one node, and in Redis shared exactly by several nodes.
// The request past the limit gets RATE_LIMITED (429) with Retry-After and X-RateLimit-*.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetering, rateLimitHeaders, type Metering } from '../../src/metering/index.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import { createRedisFixture, redisUnavailableReason } from '../cache/redis-fixture.ts';
import { startRedisProxy } from '../cache/redis-proxy.ts';
import { newAccount, rejection, testPlans } from '../contract/metering-helpers.ts';
import { createSqliteFixture } from '../storage/fixtures.ts';

const storage = await createSqliteFixture();
let database: Database | undefined;
const db = () => database ?? fail('database not open');
beforeAll(async () => void (database = await createDatabase(storage.options)));
afterAll(async () => {
  await database?.close();
  await storage.destroy();
});

function fail(message: string): never {
  throw new Error(message);
}

/** Five requests of the `free` plan's 5 per minute, each answered with the window after it. */
async function useUpWindow(metering: Metering, accountId: string) {
  const remaining: (number | null)[] = [];
  for (let i = 0; i < 5; i++) remaining.push((await metering.rateLimit(accountId)).remaining);
  expect(remaining).toEqual([4, 3, 2, 1, 0]);
}

describe('rate limit in memory', () => {
  it('refuses the request past the limit with Retry-After, then opens a new window', async () => {
    let clock = new Date('2025-03-10T12:00:00.000Z');
    const metering = await createMetering({
      db: db(),
      plans: testPlans,
      defaultPlan: 'unlimited',
      now: () => clock,
    });
    const accountId = await newAccount(db(), 'free');
    await useUpWindow(metering, accountId);
    clock = new Date('2025-03-10T12:00:45.200Z');
    const error = await rejection(metering.rateLimit(accountId));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/allows 5 requests per minute and this is request 6 of the current minute/);
    expect(error.headers).toEqual({
      'X-RateLimit-Limit': '5',
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Reset': String(Date.parse('2025-03-10T12:01:00Z') / 1000),
      'Retry-After': '15',
    });
    clock = new Date('2025-03-10T12:01:00.000Z');
    expect(await metering.rateLimit(accountId)).toMatchObject({ limit: 5, remaining: 4 });
    await metering.close();
  });

  it('counts accounts apart and leaves an unlimited plan alone, with no headers', async () => {
    const metering = await createMetering({ db: db(), plans: testPlans, defaultPlan: 'unlimited' });
    const [a, b] = [await newAccount(db(), 'free'), await newAccount(db(), 'free')];
    await useUpWindow(metering, a);
    await useUpWindow(metering, b);
    const open = await newAccount(db());
    for (let i = 0; i < 20; i++) await metering.rateLimit(open);
    const window = await metering.rateLimit(open);
    expect(window).toMatchObject({ limit: null, remaining: null });
    expect(rateLimitHeaders(window)).toEqual({});
    expect(rateLimitHeaders(window, { unlimitedAs: 1_000_000 })).toMatchObject({
      'X-RateLimit-Limit': '1000000',
      'X-RateLimit-Remaining': '1000000',
    });
    await metering.close();
  });
});

const skipRedis = await redisUnavailableReason();
if (skipRedis) console.warn(`Skipping the Redis rate limit tests: ${skipRedis}`);

describe.skipIf(skipRedis !== undefined)('rate limit in Redis', () => {
  const redis = createRedisFixture();
  afterAll(() => redis.destroy());
  const onRedis = (prefix: string, extra = {}) =>
    createMetering({
      db: db(),
      plans: testPlans,
      defaultPlan: 'unlimited',
      redisUrl: redis.url,
      redisPrefix: prefix,
      ...extra,
    });

  it('refuses the request past the limit with Retry-After, on a key that expires', async () => {
    const prefix = redis.prefix();
    const metering = await onRedis(prefix);
    const accountId = await newAccount(db(), 'free');
    await useUpWindow(metering, accountId);
    const error = await rejection(metering.rateLimit(accountId));
    expect(error.code).toBe('RATE_LIMITED');
    expect(Number(error.headers?.['Retry-After'])).toBeGreaterThan(0);
    expect(Number(error.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    const ttl = await redis.client.pttl(`${prefix}${accountId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await metering.close();
  });

  it('shares one window between two nodes, exactly, under concurrent requests', async () => {
    const prefix = redis.prefix();
    const [one, two] = [await onRedis(prefix), await onRedis(prefix)];
    const accountId = await newAccount(db(), 'free');
    const attempts = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? one : two).rateLimit(accountId));
    const results = await Promise.allSettled(attempts);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(await redis.client.get(`${prefix}${accountId}`)).toBe('30');
    await Promise.all([one.close(), two.close()]);
  });

  it('counts in memory while Redis is down, reporting the incident once', async () => {
    const proxy = await startRedisProxy(redis.url);
    const errors: Error[] = [];
    const metering = await createMetering({
      db: db(),
      plans: testPlans,
      defaultPlan: 'unlimited',
      redisUrl: proxy.url,
      redisPrefix: redis.prefix(),
      onError: (e: Error) => errors.push(e),
    });
    try {
      const accountId = await newAccount(db(), 'free');
      await proxy.down();
      await useUpWindow(metering, accountId);
      expect((await rejection(metering.rateLimit(accountId))).code).toBe('RATE_LIMITED');
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toMatch(/Redis rate limiter at redis:\/\/127\.0\.0\.1:\d+.*failed/);
    } finally {
      await metering.close();
      await proxy.down();
    }
  });
});
