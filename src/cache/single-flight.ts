// "Concurrent identical misses render once, not N times." createSingleFlight guarantees it
// within one process; createRedisSingleFlight adds a Redis lock so several nodes sharing one
// Redis cache also render once, best-effort: the lock only ever saves work, it never blocks
// a render for longer than `waitMs` and never fails one.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CachedRender, RenderCache, RenderFlight, SingleFlight } from './types.ts';
import { closeRedis, openRedis, type RedisErrorHandler } from '../redis/connection.ts';

export function createSingleFlight(): SingleFlight {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const current = inFlight.get(key);
      if (current) return current as Promise<T>;
      // Settled either way, the entry goes: a failure is shared by the callers waiting on it,
      // but the next caller tries again.
      const promise: Promise<T> = Promise.resolve()
        .then(work)
        .finally(() => {
          if (inFlight.get(key) === promise) inFlight.delete(key);
        });
      inFlight.set(key, promise);
      return promise;
    },
  };
}

export interface RedisSingleFlightOptions {
  url: string;
  /** Put before every lock key. */
  prefix?: string;
  /**
   * The lock expires after this long, so a node that dies mid-render holds the others up no
   * longer. Set it above a slow render: past it a second node may render too.
   */
  lockMs: number;
  /** A node that finds the lock taken polls the cache this long, then renders itself. */
  waitMs: number;
  /** Told once per incident when Redis fails at run time; the render goes on without the lock. */
  onError?: RedisErrorHandler;
}

export interface RedisSingleFlight extends RenderFlight {
  close(): Promise<void>;
}

export const DEFAULT_REDIS_LOCK_PREFIX = 'placard:lock:';
/** Polling starts fast (a native render takes ~10 ms) and backs off to this ceiling. */
export const FIRST_POLL_MS = 5;
export const MAX_POLL_MS = 50;

// Deletes the lock only if it is still ours: after our lock expired another node may hold it.
const RELEASE_SCRIPT = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * `work` must render AND store in `cache` (a cache the nodes share: Redis), because waiting
 * nodes return what they find there. A render whose TTL stores nothing still works; nodes
 * waiting for it just render themselves after `waitMs`. A failed render is not shared across
 * nodes: the lock is released and the next node tries itself.
 */
export async function createRedisSingleFlight(
  options: RedisSingleFlightOptions,
  cache: RenderCache,
): Promise<RedisSingleFlight> {
  const { lockMs, waitMs } = options;
  for (const [name, value] of Object.entries({ lockMs, waitMs })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new Error(
        `The Redis single flight needs ${name} as a positive integer; received ${String(value)}.`,
      );
    }
  }
  const { client, incidents } = await openRedis({
    url: options.url,
    purpose: 'render single flight',
    shownAs: 'render lock',
    onError: options.onError,
  });
  const prefix = options.prefix ?? DEFAULT_REDIS_LOCK_PREFIX;
  // Callers on this node share one attempt, so one node sends one lock request per key.
  const local = createSingleFlight();

  /** true: ours; false: another node's; undefined: Redis failed, so go on without a lock. */
  async function lock(lockKey: string, token: string): Promise<boolean | undefined> {
    try {
      const reply = await client.set(lockKey, token, 'PX', lockMs, 'NX');
      incidents.recover();
      return reply === 'OK';
    } catch (error) {
      incidents.fail(error);
      return undefined;
    }
  }

  async function unlock(lockKey: string, token: string): Promise<void> {
    try {
      await client.eval(RELEASE_SCRIPT, 1, lockKey, token);
    } catch (error) {
      incidents.fail(error); // the lock expires by itself after lockMs
    }
  }

  async function runAcrossNodes(key: string, work: () => Promise<CachedRender>): Promise<CachedRender> {
    const lockKey = prefix + key;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
      const locked = await lock(lockKey, token);
      if (locked === undefined) return work();
      if (locked) {
        try {
          // Another node may have stored the render and unlocked between the caller's miss
          // and our lock: look once more before rendering.
          return (await cache.get(key)) ?? (await work());
        } finally {
          await unlock(lockKey, token);
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) return work(); // the holder is slow or gone: render rather than wait on
      await sleep(Math.min(delay, left));
      const cached = await cache.get(key);
      if (cached) return cached;
    }
  }

  return {
    run: (key, work) => local.run(key, () => runAcrossNodes(key, work)),
    close: () => closeRedis(client),
  };
}
