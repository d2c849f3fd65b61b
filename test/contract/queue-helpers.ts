// Waiting helpers for the queue contract. Deadlines here only keep a broken backend from
// hanging the run; no test asserts how fast anything happens.
import type { Job, JobQueue } from '../../src/queue/types.ts';

const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 20;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads until `done` holds; throws with the last value read when it never does. */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}; last read ${JSON.stringify(value)}`);
    }
    await sleep(POLL_MS);
  }
}

/** The job once it succeeded or failed. */
export async function settled(queue: JobQueue, accountId: string, id: string): Promise<Job> {
  const job = await until(
    () => queue.get(accountId, id),
    (read) => read?.status === 'succeeded' || read?.status === 'failed',
    `job ${id} to finish`,
  );
  return job ?? Promise.reject(new Error(`job ${id} vanished`));
}

/** A promise the test resolves when it chooses. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
