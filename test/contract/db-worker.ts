// A second (or third) process for the database contract: opens the fixture's storage and
// waits for "go" on stdin, so every worker starts its work at the same moment.
// Usage: node --import tsx db-worker.ts '<WorkerJob as JSON>'; prints one JSON line per step.
import readline from 'node:readline';
import { createDatabase, type DatabaseOptions } from '../../src/storage/db/index.ts';

export type WorkerJob =
  | { mode: 'open'; options: Pick<DatabaseOptions, 'url' | 'dataDir'> }
  | {
      mode: 'update';
      options: Pick<DatabaseOptions, 'url' | 'dataDir'>;
      accountId: string;
      templateId: string;
      tag: string;
      count: number;
    };

export type WorkerReport = { step: 'ready' } | { step: 'done'; applied?: string[]; versions?: number[] };

function report(message: WorkerReport): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function go(): Promise<void> {
  const lines = readline.createInterface({ input: process.stdin });
  return new Promise((resolve) =>
    lines.once('line', () => {
      lines.close();
      resolve();
    }),
  );
}

async function main(job: WorkerJob): Promise<void> {
  if (job.mode === 'open') {
    // Opening is the work here: both workers migrate the same fresh storage at once.
    report({ step: 'ready' });
    await go();
    let applied: string[] = [];
    const db = await createDatabase({ ...job.options, onMigrated: (names) => (applied = [...names]) });
    await db.close();
    report({ step: 'done', applied });
    return;
  }
  const db = await createDatabase(job.options);
  report({ step: 'ready' });
  await go();
  const versions: number[] = [];
  for (let i = 0; i < job.count; i++) {
    // Alternate source changes and metadata-only changes: the latter must copy the source
    // of whichever version is previous at that moment, also when the other writer made it.
    const patch = i % 2 === 0 ? { source: `${job.tag}-${i}` } : { name: `${job.tag}-${i}` };
    const updated = await db.templates.update(job.accountId, job.templateId, patch);
    if (!updated) throw new Error(`update ${i} found no template ${job.templateId}`);
    versions.push(updated.version);
    // A short pause between writes: SQLite's busy handler retries on a backoff, and a writer
    // that never pauses would win every retry, so the two processes would not interleave.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await db.close();
  report({ step: 'done', versions });
}

const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
await main(job);
