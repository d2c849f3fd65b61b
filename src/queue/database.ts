// The default queue: jobs are rows of the database (SQLite or PostgreSQL), so an accepted job
// survives a crash and any node on the same database may run it. A started queue polls for
// due jobs (and wakes at once when this process enqueues), runs up to `concurrency` of them,
// and renews each one's lease while it runs. A node that dies stops renewing; once the lease
// lapses another start (here or elsewhere) claims the job again. Delivery is therefore at
// least once: a handler must tolerate running a job again after a crash.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database, JobLease, StoredJob } from '../storage/db/index.ts';
import { runAttempt, toJob, type AttemptContext } from './database-attempt.ts';
import {
  checkOptions,
  DEFAULT_GRACE_MS,
  logQueueError,
  settleWithin,
  toJson,
  type QueueErrorHandler,
} from './outcome.ts';
import type { JobEndHandler, JobHandler, JobQueue, JobQueueOptions } from './types.ts';

export interface DatabaseQueueOptions extends JobQueueOptions {
  /** How often an idle node looks for due jobs (enqueued elsewhere, or due for retry). */
  pollMs?: number;
  /** How long a claim holds without renewal; a crashed node's job waits this long. */
  leaseMs?: number;
  /** Names this node in locked_by; unique per process by default. */
  nodeId?: string;
  /** How long close() waits for running jobs before it lets their leases lapse. */
  graceMs?: number;
  onError?: QueueErrorHandler;
}

export const DATABASE_QUEUE_POLL_MS = 1_000;
export const DATABASE_QUEUE_LEASE_MS = 15_000;

interface Running {
  task: Promise<void>;
  controller: AbortController;
  renewal: NodeJS.Timeout;
}

export function createDatabaseQueue(db: Database, options: DatabaseQueueOptions): JobQueue {
  checkOptions(options);
  const pollMs = options.pollMs ?? DATABASE_QUEUE_POLL_MS;
  const leaseMs = options.leaseMs ?? DATABASE_QUEUE_LEASE_MS;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const onError = options.onError ?? logQueueError;
  const running = new Set<Running>();
  let handler: JobHandler | undefined;
  let onEnd: JobEndHandler | undefined;
  let timer: NodeJS.Timeout | undefined;
  let filling: Promise<void> | undefined;
  let fillAgain = false;
  let stopped = false;
  let closing: Promise<void> | undefined;
  /** Set when close() stopped waiting: results that arrive later are not written. */
  let abandoned = false;
  const attempt: AttemptContext = { db, options, onError, abandoned: () => abandoned };

  /** Claims due jobs until every slot is busy or none is due; one pass at a time. */
  function wake(): void {
    if (!handler || stopped) return;
    if (filling) {
      fillAgain = true;
      return;
    }
    clearTimeout(timer);
    filling = fill(handler).finally(() => {
      filling = undefined;
      if (fillAgain) {
        fillAgain = false;
        wake();
      } else if (!stopped) {
        timer = setTimeout(wake, pollMs);
      }
    });
  }

  async function fill(jobHandler: JobHandler): Promise<void> {
    while (!stopped && running.size < options.concurrency) {
      let job: StoredJob | undefined;
      try {
        job = await db.jobs.claim(nodeId, leaseMs);
      } catch (error) {
        onError(error);
        return;
      }
      if (!job) return;
      // A job claimed while close() began still runs: close() waits for this pass first.
      run(job, jobHandler);
    }
  }

  function run(job: StoredJob, jobHandler: JobHandler): void {
    const lease: JobLease = { id: job.id, nodeId, attempts: job.attempts };
    const controller = new AbortController();
    // Renewing at a third of the lease leaves two more tries before it lapses.
    const renewal = setInterval(() => {
      db.jobs.renewLease(lease, leaseMs).then((held) => {
        if (!held) controller.abort(new Error(`job ${job.id} was taken over after its lease lapsed`));
      }, onError);
    }, leaseMs / 3);
    // Entries, not ids: a job re-claimed by this node after its lease lapsed is a second run.
    const entry: Running = { controller, renewal, task: Promise.resolve() };
    entry.task = runAttempt(attempt, job, lease, jobHandler, controller.signal)
      .then(async (end) => {
        // The job is no longer running, so a renewal would abort what follows its end.
        clearInterval(renewal);
        if (end && onEnd) await onEnd(end, controller.signal).catch(onError);
      })
      .finally(() => {
        clearInterval(renewal);
        running.delete(entry);
        wake();
      });
    running.add(entry);
  }

  return {
    name: 'database',

    async enqueue({ accountId, payload, id }) {
      const stored = await db.jobs.insert({ accountId, payload: toJson(payload, 'A job payload'), id });
      wake();
      return toJob(stored);
    },

    get: async (accountId, id) => {
      const stored = await db.jobs.get(accountId, id);
      return stored && toJob(stored);
    },

    counts: () => db.jobs.counts(),

    start(jobHandler, endHandler) {
      if (handler) throw new Error('This job queue was started already; start it once per node');
      if (stopped) throw new Error('This job queue is closed; create a new one to start again');
      handler = jobHandler;
      onEnd = endHandler;
      wake();
    },

    // Nothing else to close: the database belongs to the caller.
    stop: close,
    close,
  };

  function close(): Promise<void> {
    if (closing) return closing;
    stopped = true;
    clearTimeout(timer);
    closing = (async () => {
      await filling;
      const tasks = [...running].map((r) => r.task);
      if (await settleWithin(tasks, graceMs)) return;
      // Out of time: stop renewing so the leases lapse and another start runs these jobs.
      abandoned = true;
      for (const { controller, renewal } of running) {
        clearInterval(renewal);
        controller.abort(new Error('The job queue closed before this job finished'));
      }
    })();
    return closing;
  }
}
