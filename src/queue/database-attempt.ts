// One attempt of a claimed job in the database queue: run the handler, then record what came
// of it (succeeded, failed, or queued again after a backoff) under the attempt's lease.
import type { Database, JobLease, JsonValue, StoredJob } from '../storage/db/index.ts';
import {
  isPermanent,
  isUnknownError,
  retryDelay,
  toJobError,
  toJson,
  type QueueErrorHandler,
} from './outcome.ts';
import type { Job, JobHandler, JobQueueOptions } from './types.ts';

export interface AttemptContext {
  db: Database;
  options: JobQueueOptions;
  onError: QueueErrorHandler;
  /** True once close() stopped waiting: a result that arrives later is not written. */
  abandoned(): boolean;
}

export function toJob(stored: StoredJob): Job {
  const { runAfter: _runAfter, lockedBy: _lockedBy, lockedUntil: _lockedUntil, ...job } = stored;
  return job;
}

/** The job as recorded, once this attempt ended it for good (its lease still held). */
async function ended(db: Database, job: StoredJob, recorded: boolean): Promise<Job | undefined> {
  if (!recorded) return undefined;
  const stored = await db.jobs.get(job.accountId, job.id);
  return stored && toJob(stored);
}

/**
 * Never rejects: a failure to record the outcome is reported, and the lease lapses. Resolves
 * to the job as recorded when this attempt was its end (succeeded, or failed for good).
 */
export async function runAttempt(
  { db, options, onError, abandoned }: AttemptContext,
  job: StoredJob,
  lease: JobLease,
  handler: JobHandler,
  signal: AbortSignal,
): Promise<Job | undefined> {
  try {
    // Claims count attempts, so a job whose last attempt died with its node arrives here
    // with none left: fail it rather than let a job that kills its node loop forever.
    if (job.attempts > options.maxAttempts) {
      const recorded = await db.jobs.fail(lease, {
        code: 'INTERNAL_ERROR',
        message: `The job stopped with its node on attempt ${job.attempts - 1} of ${options.maxAttempts}; no attempts are left.`,
      });
      return await ended(db, job, recorded);
    }
    let outcome: { ok: true; result: JsonValue } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, result: toJson(await handler(toJob(job), signal), 'A job result') };
    } catch (error) {
      outcome = { ok: false, error };
    }
    // Lease lost or shutdown gave up: another claim owns the job, or will once the lease lapses.
    if (signal.aborted || abandoned()) return undefined;
    if (outcome.ok) return await ended(db, job, await db.jobs.complete(lease, outcome.result));
    const { error } = outcome;
    if (isUnknownError(error)) onError(error);
    if (isPermanent(error) || job.attempts >= options.maxAttempts) {
      return await ended(db, job, await db.jobs.fail(lease, toJobError(error)));
    }
    const runAfter = new Date(Date.now() + retryDelay(options, job.attempts)).toISOString();
    await db.jobs.retryLater(lease, toJobError(error), runAfter);
    return undefined;
  } catch (error) {
    // The outcome was not recorded; the lease lapses and the job runs again.
    onError(error);
    return undefined;
  }
}
