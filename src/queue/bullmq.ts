// The Redis queue for several nodes, on BullMQ. BullMQ does the retries (exponential backoff),
// the permanent failures (UnrecoverableError) and the crash recovery (a job whose worker stops
// renewing its lock is "stalled" and goes back to waiting). bullmq is imported only when this
// queue is chosen, so a default install never loads it.
import type { Job as BullJob, Queue, Worker } from 'bullmq';
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
import { newJobId, type JobEndHandler, type JobQueue, type JobQueueOptions } from './types.ts';

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
  /**
   * A running job's lock (renewed at half of it) and how often workers look for jobs whose lock
   * lapsed: a SIGKILLed worker's jobs run again on another within about twice this.
   */
  lockMs?: number;
  onError?: QueueErrorHandler;
}

export const BULLMQ_PREFIX = 'placard';
export const BULLMQ_QUEUE_NAME = 'jobs';
/** Finished jobs stay readable (GET /v1/jobs/:id) this long, then BullMQ removes them. */
export const BULLMQ_KEEP_FINISHED_S = 7 * 24 * 3600;
export const BULLMQ_CONNECT_TIMEOUT_MS = 10_000;
/** BullMQ's own default lock and stalled-check interval. */
export const BULLMQ_LOCK_MS = 30_000;
/** How long /readyz waits for Redis to answer. */
export const BULLMQ_PING_TIMEOUT_MS = 2_000;

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** ioredis retries a refused connection for ever; an unreachable Redis must fail the boot. */
async function waitForRedis(queue: Queue<BullData>, url: string, timeoutMs: number): Promise<void> {
  const timeout = delay(timeoutMs);
  try {
    const ready = await Promise.race([
      queue.waitUntilReady().then(() => true),
      timeout.promise.then(() => false),
    ]);
    if (!ready) throw new Error(`Redis at ${redact(url)} did not answer within ${timeoutMs} ms`);
  } catch (error) {
    await queue.close().catch(() => {});
    throw error;
  } finally {
    timeout.cancel();
  }
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

  await waitForRedis(queue, options.url, options.connectTimeoutMs ?? BULLMQ_CONNECT_TIMEOUT_MS);

  let worker: Worker<BullData> | undefined;
  const running = new Map<string, { task: Promise<unknown>; controller: AbortController }>();
  /** Jobs' end handlers still running; stop() waits for them as for the jobs. */
  const ending = new Set<Promise<void>>();
  const endController = new AbortController();
  let stopping: Promise<void> | undefined;
  let closing: Promise<void> | undefined;

  function stop(): Promise<void> {
    stopping ??= (async () => {
      if (!worker) return;
      await worker.pause(true);
      const tasks = [...running.values()].map((r) => r.task);
      const inTime = await settleWithin(tasks, graceMs);
      const reason = new Error('The job queue closed before this job finished');
      // Out of time: stop without waiting; these jobs stall and another worker runs them.
      if (!inTime) for (const { controller } of running.values()) controller.abort(reason);
      await worker.close(!inTime);
      // A job's end handler starts once BullMQ recorded its end, which close() waits for.
      if (!(await settleWithin([...ending], graceMs))) endController.abort(reason);
    })();
    return stopping;
  }

  async function getJob(accountId: string, id: string) {
    // State first, data second: a job can finish between the two reads, and this order never
    // reports a final state with an older attempt's data (the reverse order did, in tests).
    const state = await queue.getJobState(id);
    if (state === 'unknown') return undefined;
    const job = (await queue.getJob(id)) as BullJob<BullData> | undefined;
    if (!job || job.data.accountId !== accountId) return undefined;
    return toJob(job, state);
  }

  /**
   * BullMQ emits these once a job's new state is in Redis. A failure is the job's end only
   * when BullMQ did not put it back to wait for a retry.
   */
  function listenForEnds(bullWorker: Worker<BullData>, onEnd: JobEndHandler): void {
    const end = async (job: BullJob<BullData>, outcome: 'completed' | 'failed') => {
      if (outcome === 'failed' && (await queue.getJobState(job.id ?? '')) !== 'failed') return;
      await onEnd(toJob(job, outcome), endController.signal);
    };
    const track = (job: BullJob<BullData> | undefined, outcome: 'completed' | 'failed') => {
      if (!job) return;
      const task = end(job, outcome).catch(onError);
      ending.add(task);
      void task.finally(() => ending.delete(task));
    };
    bullWorker.on('completed', (job) => track(job, 'completed'));
    bullWorker.on('failed', (job) => track(job, 'failed'));
  }

  return {
    name: 'bullmq',

    async enqueue({ accountId, payload, id }) {
      const data: BullData = { accountId, payload: toJson(payload, 'A job payload') };
      const added = await queue.add('job', data, {
        // BullMQ queues a given jobId once; a second add returns without queueing.
        jobId: id ?? newJobId(),
        attempts: options.maxAttempts,
        backoff: { type: 'exponential', delay: options.backoffMs },
        removeOnComplete: { age: BULLMQ_KEEP_FINISHED_S },
        removeOnFail: { age: BULLMQ_KEEP_FINISHED_S },
      });
      if (id === undefined) return toJob(added, 'waiting');
      // A chosen id may name a job queued (or run) before: report it as it stands.
      return (await getJob(accountId, id)) ?? toJob(added, 'waiting');
    },

    get: getJob,

    async counts() {
      // One Lua script, so the three are read at one instant. A retry waits in "delayed" until a
      // worker moves it back to "waiting" once due, so with no worker running it stays there.
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      return { queued: counts.waiting ?? 0, running: counts.active ?? 0, delayed: counts.delayed ?? 0 };
    },

    start(handler, onEnd) {
      if (worker) throw new Error('This job queue was started already; start it once per node');
      if (stopping) throw new Error('This job queue is closed; create a new one to start again');
      // Three parameters: BullMQ passes an abort signal only to processors that declare one.
      const processor = async (job: BullJob<BullData>, _token?: string, signal?: AbortSignal) => {
        const controller = new AbortController();
        signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
        // Promise.resolve().then: a handler that throws before its first await fails the same way.
        const task = Promise.resolve().then(() => handler(toJob(job, 'active'), controller.signal));
        running.set(job.id ?? '', { task, controller });
        try {
          return toJson(await task, 'A job result');
        } catch (error) {
          if (isUnknownError(error)) onError(error);
          // The message carries our {code, message}: it is all BullMQ keeps (failedReason).
          const reason = JSON.stringify(toJobError(error));
          throw isPermanent(error) ? new bullmq.UnrecoverableError(reason) : new Error(reason);
        } finally {
          running.delete(job.id ?? '');
        }
      };
      const lockMs = options.lockMs ?? BULLMQ_LOCK_MS;
      worker = new bullmq.Worker<BullData>(name, processor, {
        ...common,
        concurrency: options.concurrency,
        lockDuration: lockMs,
        stalledInterval: lockMs,
      });
      worker.on('error', onError);
      if (onEnd) listenForEnds(worker, onEnd);
    },

    stop,

    close() {
      closing ??= (async () => {
        await stop();
        await queue.close();
      })();
      return closing;
    },

    async ping() {
      // A real round trip; ioredis holds commands while disconnected, so it is bounded here.
      const timeout = delay(BULLMQ_PING_TIMEOUT_MS);
      try {
        const answered = await Promise.race([
          queue.isPaused().then(() => true),
          timeout.promise.then(() => false),
        ]);
        if (!answered) throw new Error(`Redis did not answer within ${BULLMQ_PING_TIMEOUT_MS} ms`);
      } finally {
        timeout.cancel();
      }
    },
  };
}
