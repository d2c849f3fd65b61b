// Real Redis for the cache tests: the URL from TEST_REDIS_URL (default 127.0.0.1:6379), a key
// prefix unique to this run, and cleanup of every key under it. Tests skip, saying why, only
// when Redis cannot be reached.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** undefined when Redis answers PING; otherwise the reason to print when skipping. */
export async function redisUnavailableReason(url = TEST_REDIS_URL): Promise<string | undefined> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0 });
  // connect() rejects with a bare "Connection is closed"; the 'error' event has the cause.
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    const reason = cause ?? (error instanceof Error ? error : new Error(String(error)));
    return `Redis at ${url} is unreachable (${reason.message})`;
  } finally {
    client.disconnect();
  }
}

export interface RedisFixture {
  url: string;
  /** A fresh prefix under this run's, so tests never see each other's keys. */
  prefix(): string;
  /** A plain client for looking at (or tampering with) keys directly. */
  client: Redis;
  /** Deletes every key this run wrote and closes the client. */
  destroy(): Promise<void>;
}

export function createRedisFixture(url = TEST_REDIS_URL): RedisFixture {
  const runPrefix = `placard-test:${randomUUID()}:`;
  // Lazy: a suite skipped for want of Redis creates its fixture but never connects it.
  const client = new Redis(url, { lazyConnect: true });
  return {
    url,
    prefix: () => `${runPrefix}${randomUUID()}:`,
    client,
    async destroy() {
      const keys = await client.keys(`${runPrefix}*`);
      if (keys.length > 0) await client.del(...keys);
      await client.quit();
    },
  };
}
