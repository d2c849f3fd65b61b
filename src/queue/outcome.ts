// What both queue backends decide the same way: whether a handler's error is worth a retry,
// what the job's account is told about it, and how long to wait before the next attempt.
import { isPlacardError } from '../errors/placard-error.ts';
import type { JsonValue } from '../storage/db/index.ts';
import { PermanentJobError, type JobError, type JobQueueOptions } from './types.ts';

/** How long close() waits for running jobs unless told otherwise. */
export const DEFAULT_GRACE_MS = 10_000;

/** Called with errors no job can report: unknown handler errors, poll and connection failures. */
export type QueueErrorHandler = (error: unknown) => void;

export const logQueueError: QueueErrorHandler = (error) => console.error('[queue]', error);

/**
 * A PermanentJobError, or a PlacardError the client caused (4xx: bad template, bad variables),
 * fails the same way every time, so retrying it only delays the answer.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (isPlacardError(error) && error.status < 500);
}

/** Whether toJobError hides this error's message, so the caller should log it. */
export function isUnknownError(error: unknown): boolean {
  return !(error instanceof PermanentJobError) && !isPlacardError(error);
}

/**
 * The error as the job's account sees it. Known errors carry public messages; anything else
 * may hold internals (paths, SQL, addresses), so it is hidden like the HTTP handler hides it.
 */
export function toJobError(error: unknown): JobError {
  if (isPlacardError(error) && error.details) {
    const details = toJson(error.details, 'Error details') as { [key: string]: JsonValue };
    return { code: error.code, message: error.message, details };
  }
  if (error instanceof PermanentJobError || isPlacardError(error)) {
    return { code: error.code, message: error.message };
  }
  return { code: 'INTERNAL_ERROR', message: 'An unexpected error stopped the job; it has been logged.' };
}

/** The wait after failed attempt number `attempt` (1-based): BullMQ's exponential backoff. */
export function retryDelay(options: JobQueueOptions, attempt: number): number {
  return options.backoffMs * 2 ** (attempt - 1);
}

/** Payloads and results are JSON: what a backend stores is what every later reader sees. */
export function toJson(value: unknown, what: string): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what} must be JSON-serialisable; received ${typeof value}`);
  return JSON.parse(text) as JsonValue;
}

export function checkOptions(options: JobQueueOptions): void {
  const problems = (['maxAttempts', 'concurrency'] as const)
    .filter((key) => !Number.isInteger(options[key]) || options[key] < 1)
    .map((key) => `${key} must be an integer >= 1; received ${options[key]}`);
  if (!Number.isFinite(options.backoffMs) || options.backoffMs < 0) {
    problems.push(`backoffMs must be a number >= 0; received ${options.backoffMs}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid job queue options: ${problems.join('; ')}`);
}

export function delay(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return { promise, cancel: () => clearTimeout(timer) };
}

/** Waits for the tasks, or for graceMs; true when they all settled in time. */
export async function settleWithin(tasks: Iterable<Promise<unknown>>, graceMs: number): Promise<boolean> {
  const timeout = delay(graceMs);
  try {
    return await Promise.race([
      Promise.allSettled(tasks).then(() => true),
      timeout.promise.then(() => false),
    ]);
  } finally {
    timeout.cancel();
  }
}
