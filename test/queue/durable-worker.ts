// A Placard-like process for the durability test: opens the fixture's database and runs the
// database queue with a slow handler that writes a marker file when it finishes.
// Usage: node --import tsx durable-worker.ts '<DurableJob as JSON>'; prints one JSON line per step.
//   enqueue-and-run: enqueues one job and starts working it (the test kills it mid-job);
//   resume: starts the queue and exits once the given jobs have finished (several processes
//   resuming at once drain one queue together).
import { once } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { createDatabaseQueue } from '../../src/queue/database.ts';
import type { Job } from '../../src/queue/types.ts';
import { createDatabase, type DatabaseOptions } from '../../src/storage/db/index.ts';

export interface DurableJob {
  mode: 'enqueue-and-run' | 'resume';
  options: Pick<DatabaseOptions, 'url' | 'dataDir'>;
  /** The handler writes one file per job here, named after the job. */
  markerDir: string;
  leaseMs: number;
  handlerMs: number;
  concurrency?: number;
  /** Report "ready", then wait for a line on stdin before starting: lets a test start several at once. */
  waitForGo?: boolean;
  /** For resume: the jobs to wait for. */
  jobs?: { accountId: string; id: string }[];
}

export type DurableReport =
  | { step: 'ready' }
  | { step: 'enqueued'; accountId: string; id: string }
  | { step: 'started'; attempts: number; pid: number }
  | { step: 'done'; jobs: Job[] };

function report(message: DurableReport): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(task: DurableJob): Promise<void> {
  const db = await createDatabase(task.options);
  const queue = createDatabaseQueue(db, {
    maxAttempts: 3,
    backoffMs: 50,
    concurrency: task.concurrency ?? 1,
    pollMs: 50,
    leaseMs: task.leaseMs,
  });
  const targets = task.jobs ?? [];
  if (task.mode === 'enqueue-and-run') {
    const accountId = (await db.accounts.create({ name: 'durable' })).id;
    const job = await queue.enqueue({ accountId, payload: {} });
    targets.push({ accountId, id: job.id });
    report({ step: 'enqueued', accountId, id: job.id });
  }

  if (task.waitForGo) {
    report({ step: 'ready' });
    await once(readline.createInterface({ input: process.stdin }), 'line');
  }
  queue.start(async (job) => {
    report({ step: 'started', attempts: job.attempts, pid: process.pid });
    await new Promise((resolve) => setTimeout(resolve, task.handlerMs));
    // 'wx' fails when the file exists: a job run twice would fail here instead of passing.
    const marker = path.join(task.markerDir, job.id);
    await fs.writeFile(marker, `written by ${process.pid} on attempt ${job.attempts}`, { flag: 'wx' });
    return { marker, pid: process.pid };
  });

  for (;;) {
    const jobs = await Promise.all(targets.map(({ accountId, id }) => queue.get(accountId, id)));
    const finished = jobs.filter((job) => job?.status === 'succeeded' || job?.status === 'failed');
    if (finished.length === targets.length) {
      await queue.close();
      await db.close();
      report({ step: 'done', jobs: finished.flatMap((job) => (job ? [job] : [])) });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

await main(JSON.parse(process.argv[2] ?? '') as DurableJob);
