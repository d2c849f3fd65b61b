// BullMQ jobs read as our Job: what we keep in a BullMQ job's data, and how its state,
// attempts and failure reason map to ours.
import type { Job as BullJob, JobState } from 'bullmq';
import type { JsonValue } from '../storage/db/index.ts';
import type { Job, JobError, JobStatus } from './types.ts';

export interface BullData {
  /** Kept with the job so get() can hide it from other accounts. */
  accountId: string;
  payload: JsonValue;
}

const statusOf: Record<JobState, JobStatus> = {
  waiting: 'queued',
  delayed: 'queued',
  prioritized: 'queued',
  'waiting-children': 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed',
};

/**
 * Our failures travel as JSON in the error message (BullMQ keeps only the message, as
 * failedReason). Any other reason is BullMQ's own, such as a job that stalled too often.
 */
export function decodeJobError(reason: string | undefined): JobError | null {
  if (!reason) return null;
  try {
    const value: unknown = JSON.parse(reason);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as JobError).code === 'string' &&
      typeof (value as JobError).message === 'string'
    ) {
      const { code, message, details } = value as JobError;
      const known = typeof details === 'object' && details !== null && !Array.isArray(details);
      return { code, message, ...(known && { details: details as { [key: string]: JsonValue } }) };
    }
  } catch {
    // Not ours: falls through.
  }
  return { code: 'INTERNAL_ERROR', message: reason };
}

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

export function toJob(job: BullJob<BullData>, state: JobState): Job {
  const status = statusOf[state];
  const createdAt = iso(job.timestamp) ?? new Date().toISOString();
  return {
    id: job.id ?? '',
    accountId: job.data.accountId,
    status,
    payload: job.data.payload,
    result: status === 'succeeded' ? ((job.returnvalue as unknown) ?? null) : null,
    // A queued job may carry the failure of its last attempt, as it does in the database queue.
    error: status === 'succeeded' ? null : decodeJobError(job.failedReason),
    // attemptsStarted counts starts, like the database queue's claims (a stalled run included).
    attempts: job.attemptsStarted ?? job.attemptsMade,
    createdAt,
    updatedAt: iso(Math.max(job.timestamp ?? 0, job.processedOn ?? 0, job.finishedOn ?? 0)) ?? createdAt,
  };
}
