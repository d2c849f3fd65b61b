// The Redis queue for several nodes, on BullMQ. BullMQ does the retries (exponential backoff),
// the permanent failures (UnrecoverableError) and the crash recovery (a job whose worker stops
// renewing its lock is "stalled" and goes back to waiting). bullmq is imported only when this
// queue is chosen, so a default install never loads it.
import { randomBytes } from 'node:crypto';
import type { Job as BullJob, Queue, Worker } from 'bullmq';
import type { JsonValue } from '../storage/db/index.ts';
import {
  checkOptions,
  DEFAULT_GRACE_MS,
  delay,
  isPermanent,
  isUnknownError,
  logQueueError,
  settleWithin,
  toJobError,
  toJson,
  type QueueErrorHandler,
} from './outcome.ts';
import { toJob, type BullData } from './bullmq-jobs.ts';
import type { JobQueue, JobQueueOptions } from './types.ts';

export interface BullmqQueueOptions extends JobQueueOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** Prefix of every Redis key, so Placard can share a Redis with others. */
  prefix?: string;
  queueName?: string;
  /** How long close() waits for running jobs before it leaves them to stalled-job recovery. */
  graceMs?: number;
  /** How long creation waits for Redis to answer before it fails. */
  connectTimeoutMs?: number;
  onError?: QueueErrorHandler;
}

export const BULLMQ_PREFIX = 'placard';
export const BULLMQ_QUEUE_NAME = 'jobs';
/** Finished jobs stay readable (GET /v1/jobs/:id) this long, then BullMQ removes them. */
export const BULLMQ_KEEP_FINISHED_S = 7 * 24 * 3600;
export const BULLMQ_CONNECT_TIMEOUT_MS = 10_000;

/** Same shape as the database's ids: a prefix and 96 random bits. */
function newJobId(): string {
  return `job_${randomBytes(12).toString('base64url')}`;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

export async function createBullmqQueue(options: BullmqQueueOptions): Promise<JobQueue> {
  checkOptions(options);
  const bullmq = await import('bullmq');
  const onError = options.onError ?? logQueueError;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const common = { connection: { url: options.url }, prefix: options.prefix ?? BULLMQ_PREFIX };
  const name = options.queueName ?? BULLMQ_QUEUE_NAME;
  const queue: Queue<BullData> = new bullmq.Queue<BullData>(name, common);
  queue.on('error', onError);

  // ioredis retries a refused connection for ever; an unreachable Redis must fail the boot.
  const timeoutMs = options.connectTimeoutMs ?? BULLMQ_CONNECT_TIMEOUT_MS;
  const timeout = delay(timeoutMs);
  const ready = await Promise.race([
    queue.waitUntilReady().then(() => true),
    timeout.promise.then(() => false),
  ]);
  timeout.cancel();
  if (!ready) {
    await queue.close().catch(() => {});
    throw new Error(`Redis at ${redact(options.url)} did not answer within ${timeoutMs} ms`);
  }

  let worker: Worker<BullData> | undefined;
  const running = new Map<string, { task: Promise<unknown>; controller: AbortController }>();
  let closing: Promise<void> | undefined;

  return {
    name: 'bullmq',

    async enqueue({ accountId, payload }) {
      const data: BullData = { accountId, payload: toJson(payload, 'A job payload') };
      const added = await queue.add('job', data, {
        jobId: newJobId(),
        attempts: options.maxAttempts,
        backoff: { type: 'exponential', delay: options.backoffMs },
        removeOnComplete: { age: BULLMQ_KEEP_FINISHED_S },
        removeOnFail: { age: BULLMQ_KEEP_FINISHED_S },
      });
      return toJob(added, 'waiting');
    },

    async get(accountId, id) {
      const job = (await queue.getJob(id)) as BullJob<BullData> | undefined;
      if (!job || job.data.accountId !== accountId) return undefined;
      const state = await job.getState();
      return state === 'unknown' ? undefined : toJob(job, state);
    },

    start(handler) {
      if (worker) throw new Error('This job queue was started already; start it once per node');
      if (closing) throw new Error('This job queue is closed; create a new one to start again');
      // Three parameters: BullMQ passes an abort signal only to processors that declare one.
      const processor = async (job: BullJob<BullData>, _token?: string, signal?: AbortSignal) => {
        const controller = new AbortController();
        signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
        const task = handler(toJob(job, 'active'), controller.signal);
        running.set(job.id ?? '', { task, controller });
        try {
          return toJson(await task, 'A job result') satisfies JsonValue;
        } catch (error) {
          if (isUnknownError(error)) onError(error);
          // The message carries our {code, message}: it is all BullMQ keeps (failedReason).
          const reason = JSON.stringify(toJobError(error));
          throw isPermanent(error) ? new bullmq.UnrecoverableError(reason) : new Error(reason);
        } finally {
          running.delete(job.id ?? '');
        }
      };
      worker = new bullmq.Worker<BullData>(name, processor, { ...common, concurrency: options.concurrency });
      worker.on('error', onError);
    },

    close() {
      closing ??= (async () => {
        if (worker) {
          await worker.pause(true);
          const inTime = await settleWithin(
            [...running.values()].map((r) => r.task),
            graceMs,
          );
          // Out of time: stop without waiting; these jobs stall and another worker runs them.
          if (!inTime) for (const { controller } of running.values()) controller.abort(new Error('closed'));
          await worker.close(!inTime);
        }
        await queue.close();
      })();
      return closing;
    },
  };
}
