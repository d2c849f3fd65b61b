// Async render jobs: accepted jobs are durable (they survive a restart), run with retries and
// backoff for transient failures, and fail at once for permanent ones. One interface, one
// file per backend (database.ts: the in-process default, durable in SQLite/PostgreSQL;
// bullmq.ts: Redis, for several nodes).
import { randomBytes } from 'node:crypto';
import type { JsonValue } from '../storage/db/types.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobError {
  code: string;
  message: string;
  /** The error's public details (e.g. why a fetch failed), so every surface maps it alike. */
  details?: { [key: string]: JsonValue };
}

export interface Job {
  id: string;
  accountId: string;
  status: JobStatus;
  /** What to do: opaque JSON to the queue (the serialised render request and delivery). */
  payload: unknown;
  /** What came of it: opaque JSON (the stored render), when succeeded. */
  result: unknown;
  error: JobError | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** A job id: the database's shape, a prefix and 96 random bits, on every backend. */
export function newJobId(): string {
  return `job_${randomBytes(12).toString('base64url')}`;
}

export interface NewJob {
  accountId: string;
  payload: unknown;
  /**
   * The job's id, chosen by the caller (from newJobId) when a record must name the job before it
   * is queued, as an async batch does. Enqueueing an id that exists queues nothing new and
   * returns the job as it stands.
   */
  id?: string;
}

/** Thrown (or returned as cause) by a handler for a failure no retry can fix. */
export class PermanentJobError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export type JobHandler = (job: Job, signal: AbortSignal) => Promise<unknown>;

/**
 * Told once a job has ended for good (succeeded, or failed with no retry left), after its end
 * is recorded, so every node reads it as ended; `job` is as recorded. What must follow a set
 * of jobs (an async batch's completion) starts here. The signal aborts when the node stops.
 * Runs on the node that ran the job; a crash between the record and this call skips it.
 */
export type JobEndHandler = (job: Job, signal: AbortSignal) => Promise<void>;

/**
 * The queue's backlog across every node and account, as one backend read. A job whose node
 * died still counts as running until its lease (BullMQ: its lock) lapses and it is taken again.
 */
export interface JobCounts {
  /** Due, waiting for a free worker slot. */
  queued: number;
  /** Taken by a worker. */
  running: number;
  /** Waiting out the backoff before a retry. */
  delayed: number;
}

export interface JobQueueOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First retry delay; doubles each attempt. */
  backoffMs: number;
  /** Jobs run at once on this node. */
  concurrency: number;
}

export interface JobQueue {
  /** The backend, named after it (database, bullmq). */
  readonly name: string;
  /** Durable before it resolves: once it answers, the job will run even after a crash. */
  enqueue(job: NewJob): Promise<Job>;
  /** A job of this account, or undefined (another account's job reads as missing). */
  get(accountId: string, id: string): Promise<Job | undefined>;
  /** The backlog now; for /metrics, so operators can scale workers on it. */
  counts(): Promise<JobCounts>;
  /**
   * Starts working jobs on this node with `handler`; jobs left running by a crash run again.
   * `onEnd` hears each job's end; its errors go to the queue's error handler.
   */
  start(handler: JobHandler, onEnd?: JobEndHandler): void;
  /**
   * Stops taking jobs and waits for running ones (up to a grace period); those still running
   * then are handed back (another node runs them). Enqueue and get keep working.
   */
  stop(): Promise<void>;
  /** stop(), then closes. */
  close(): Promise<void>;
  /** Throws when the queue's own backend (Redis) does not answer; absent when it has none. */
  ping?(): Promise<void>;
}
