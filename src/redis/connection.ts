// Opening the Redis connections of the render cache, the cross-node single flight and the
// rate limiter, and reporting their outages. ioredis is imported here, on demand, so an install
// without Redis never loads it. (The BullMQ queue opens its own, through BullMQ.)
import type { Redis } from 'ioredis';

/** A Redis that does not answer fails start in this long, instead of hanging the boot. */
export const REDIS_CONNECT_TIMEOUT_MS = 5_000;
/** A slow Redis costs a render at most this long: past it the command fails and we render. */
export const REDIS_COMMAND_TIMEOUT_MS = 2_000;

export type RedisErrorHandler = (error: Error) => void;

/** The URL as it may appear in messages and logs: the password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'an unparseable URL';
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function connectRedis(url: string, purpose: string): Promise<Redis> {
  const shown = redactRedisUrl(url);
  if (!/^rediss?:$/.test(safeProtocol(url))) {
    throw new Error(`The ${purpose} needs a redis:// or rediss:// URL; received ${shown}.`);
  }
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // While disconnected, commands fail at once instead of queueing until Redis is back: a
    // cache lookup that waits for Redis only delays the render it was meant to save.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  // connect() rejects with a bare "Connection is closed"; the 'error' event has the cause.
  let cause: Error | undefined;
  const remember = (error: Error) => (cause ??= error);
  client.on('error', remember);
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const reason = cause ?? (error instanceof Error ? error : new Error(String(error)));
    throw new Error(`Could not connect to Redis at ${shown} for the ${purpose}: ${reason.message}`, {
      cause: reason,
    });
  } finally {
    client.off('error', remember);
  }
  return client;
}

/** Closes politely, or drops the socket when Redis is gone (QUIT would fail or wait). */
export async function closeRedis(client: Redis): Promise<void> {
  try {
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  } catch {
    client.disconnect();
  }
}

export interface IncidentLog {
  /** A command or the connection failed: reported only if no incident is open yet. */
  fail(error: unknown): void;
  /** Redis answered again: the next failure is a new incident. */
  recover(): void;
}

/**
 * Reports Redis trouble once per incident, not once per request or reconnect attempt: during an
 * outage every render would otherwise log, and ioredis emits 'error' on every retry.
 */
export function watchIncidents(client: Redis, what: string, onError?: RedisErrorHandler): IncidentLog {
  let open = false;
  const log: IncidentLog = {
    fail(error) {
      if (open) return;
      open = true;
      const reason = error instanceof Error ? error.message : String(error);
      onError?.(new Error(`${what} failed, carrying on without it: ${reason}`, { cause: error }));
    },
    recover() {
      open = false;
    },
  };
  // The listener also keeps ioredis from treating the error as unhandled.
  client.on('error', (error: Error) => log.fail(error));
  client.on('ready', () => log.recover());
  return log;
}

export interface WatchedRedis {
  client: Redis;
  incidents: IncidentLog;
}

/**
 * Connects for `purpose` (named in a failed start) and reports run-time trouble once per
 * incident as `Redis <shownAs> at <url>`: how every Redis user here opens its connection.
 */
export async function openRedis(options: {
  url: string;
  purpose: string;
  shownAs: string;
  onError: RedisErrorHandler | undefined;
}): Promise<WatchedRedis> {
  const client = await connectRedis(options.url, options.purpose);
  const incidents = watchIncidents(
    client,
    `Redis ${options.shownAs} at ${redactRedisUrl(options.url)}`,
    options.onError,
  );
  return { client, incidents };
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}
