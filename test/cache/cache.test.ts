// Every render cache backend runs the same contract: the in-memory LRU always, Redis when it
// can be reached (127.0.0.1:6379 here and in CI, or TEST_REDIS_URL).
import { afterAll, describe, it } from 'vitest';
import { createMemoryCache } from '../../src/cache/memory.ts';
import { createRedisCache } from '../../src/cache/redis.ts';
import { LARGE_ENTRY_BYTES, runCacheContract } from '../contract/cache.contract.ts';
import { createRedisFixture, redisUnavailableReason, TEST_REDIS_URL } from './redis-fixture.ts';

runCacheContract('memory', () => createMemoryCache({ maxBytes: 4 * LARGE_ENTRY_BYTES }));

const skipRedis = await redisUnavailableReason();
if (skipRedis) {
  console.warn(`Skipping the Redis render cache contract: ${skipRedis}`);
  describe.skip('render cache contract: redis', () => {
    it(`skipped: ${skipRedis}`, () => {});
  });
} else {
  const fixture = createRedisFixture(TEST_REDIS_URL);
  afterAll(() => fixture.destroy());
  runCacheContract('redis', () => createRedisCache({ url: fixture.url, prefix: fixture.prefix() }));
}
