// Per-minute counters shared by every node through Redis. One Lua script increments the key
// and starts its expiry on the first hit, atomically, so concurrent hits from any number of
// nodes are counted exactly; the window runs on Redis's clock, so node clock skew does not
// matter. A key that somehow lost its expiry gets one again instead of counting forever.
//
// If Redis fails at run time the node falls back to counting in memory (a per-node limit is
// better than none, and far better than refusing every request), reports the incident once,
// and goes back to Redis as soon as it answers.
import { closeRedis, openRedis, type RedisErrorHandler } from '../redis/connection.ts';
import { createMemoryRateCounter, type RateCounter } from './rate-counter.ts';

export const DEFAULT_RATE_PREFIX = 'placard:rate:';

const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export interface RedisRateCounterOptions {
  url: string;
  /** Put before every key, so one Redis can serve several Placards (and tests). */
  prefix?: string;
  onError?: RedisErrorHandler;
  now?: () => Date;
}

export async function createRedisRateCounter(options: RedisRateCounterOptions): Promise<RateCounter> {
  const now = options.now ?? (() => new Date());
  const { client, incidents } = await openRedis({
    url: options.url,
    purpose: 'rate limiter',
    shownAs: 'rate limiter',
    onError: options.onError,
  });
  const prefix = options.prefix ?? DEFAULT_RATE_PREFIX;
  const fallback = createMemoryRateCounter(now);

  return {
    async hit(key, windowMs) {
      try {
        const reply = (await client.eval(HIT_SCRIPT, 1, prefix + key, windowMs)) as [number, number];
        incidents.recover();
        return { count: Number(reply[0]), resetAtMs: now().getTime() + Number(reply[1]) };
      } catch (error) {
        incidents.fail(error);
        return fallback.hit(key, windowMs);
      }
    },
    async close() {
      await fallback.close();
      await closeRedis(client);
    },
  };
}
