// The shared render cache: one Redis key per render, so several nodes serve each other's
// renders. Redis trouble at run time never fails a render: a lookup becomes a miss and a
// store is skipped, and the incident is reported once through `onError`.
import type { RenderCache } from './types.ts';
import { decodeRender, encodeRender } from './encoding.ts';
import { closeRedis, openRedis, type RedisErrorHandler } from '../redis/connection.ts';

export interface RedisCacheOptions {
  url: string;
  /** Put before every key, so one Redis can hold other data (and other Placards). */
  prefix?: string;
  /** Told once per incident when Redis fails at run time (log it); never throws to callers. */
  onError?: RedisErrorHandler;
}

export const DEFAULT_REDIS_CACHE_PREFIX = 'placard:render:';

/** Rejects with an Error naming the URL (password hidden) when Redis cannot be reached. */
export async function createRedisCache(options: RedisCacheOptions): Promise<RenderCache> {
  const { client, incidents } = await openRedis({
    url: options.url,
    purpose: 'render cache',
    shownAs: 'render cache',
    onError: options.onError,
  });
  const prefix = options.prefix ?? DEFAULT_REDIS_CACHE_PREFIX;

  return {
    name: 'redis',
    async get(key) {
      try {
        const raw = await client.getBuffer(prefix + key);
        incidents.recover();
        return raw === null ? undefined : decodeRender(raw);
      } catch (error) {
        incidents.fail(error);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      if (!(ttlSeconds > 0)) return;
      try {
        // EX takes whole seconds; rounding up never serves a render for less than was asked.
        await client.set(prefix + key, encodeRender(value), 'EX', Math.ceil(ttlSeconds));
        incidents.recover();
      } catch (error) {
        incidents.fail(error);
      }
    },
    close: () => closeRedis(client),
  };
}
