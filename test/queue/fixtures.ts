// Queue fixtures for the contract: the database queue on a fresh database (SQLite or a
// PostgreSQL schema of its own) and BullMQ on real Redis under a per-run key prefix.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createBullmqQueue } from '../../src/queue/bullmq.ts';
import { createDatabaseQueue } from '../../src/queue/database.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { createDatabase } from '../../src/storage/db/index.ts';
import type { DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import type { QueueFixture, QueueFixtureFactory } from '../contract/queue.contract.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One prefix per test run: parallel runs and CI jobs on one Redis never share keys. */
const RUN_PREFIX = `placard-test-${randomBytes(4).toString('hex')}`;
/** Short enough that a test does not wait long for a close() that has to give up. */
const GRACE_MS = 3_000;

const quiet = () => {};

export function databaseQueueFixture(createStorage: DatabaseFixtureFactory): QueueFixtureFactory {
  return async (): Promise<QueueFixture> => {
    const storage = await createStorage();
    const db = await createDatabase(storage.options);
    const queues: JobQueue[] = [];
    return {
      async open(options) {
        const queue = createDatabaseQueue(db, { pollMs: 50, graceMs: GRACE_MS, onError: quiet, ...options });
        queues.push(queue);
        return queue;
      },
      account: async () => (await db.accounts.create({ name: 'queue' })).id,
      async destroy() {
        await Promise.all(queues.map((queue) => queue.close()));
        await db.close();
        await storage.destroy();
      },
    };
  };
}

export function bullmqQueueFixture(url = TEST_REDIS_URL): QueueFixtureFactory {
  return async (): Promise<QueueFixture> => {
    const queueName = `q${randomBytes(4).toString('hex')}`;
    const queues: JobQueue[] = [];
    return {
      async open(options) {
        const queue = await createBullmqQueue({
          url,
          prefix: RUN_PREFIX,
          queueName,
          graceMs: GRACE_MS,
          onError: quiet,
          ...options,
        });
        queues.push(queue);
        return queue;
      },
      account: async () => `acc_${randomBytes(12).toString('base64url')}`,
      async destroy() {
        await Promise.all(queues.map((queue) => queue.close()));
        await deleteKeys(url, `${RUN_PREFIX}:${queueName}:*`);
      },
    };
  };
}

async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}

/** Why the Redis tests cannot run here, or undefined when they can. */
export async function redisUnavailable(url = TEST_REDIS_URL): Promise<string | undefined> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on('error', quiet);
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    const shown = url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
    return `Redis at ${shown} is not reachable (${(error as Error).message}); set TEST_REDIS_URL`;
  } finally {
    redis.disconnect();
  }
}
