// The render cache: finished images by content key, in memory (default) or in Redis, and the
// single flight that makes concurrent identical misses render once.
export * from './types.ts';
export { createMemoryCache, MEMORY_ENTRY_OVERHEAD_BYTES, type MemoryCacheOptions } from './memory.ts';
export { createRedisCache, DEFAULT_REDIS_CACHE_PREFIX, type RedisCacheOptions } from './redis.ts';
export {
  createRedisSingleFlight,
  createSingleFlight,
  DEFAULT_REDIS_LOCK_PREFIX,
  type RedisSingleFlight,
  type RedisSingleFlightOptions,
} from './single-flight.ts';
