// An accepted job survives its process being killed mid-job: a first process enqueues and
// starts a slow job and is killed (SIGKILL: no cleanup runs); a second process on the same
// database takes the job once its lease lapses and finishes it. And two processes draining
// one queue together never run a job twice. SQLite and PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/storage/db/index.ts';
import type { DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';
import type { DurableJob, DurableReport } from './durable-worker.ts';

const workerFile = path.join(import.meta.dirname, 'durable-worker.ts');
const projectRoot = path.resolve(import.meta.dirname, '../..');
const TEST_TIMEOUT_MS = 120_000;
const JOBS_TO_DRAIN = 30;

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[queue durability] skipping PostgreSQL: ${postgresSkipReason}`);

/** A worker process and the reports it printed, awaited by step. */
function startWorker(task: DurableJob) {
  const child = spawn(process.execPath, ['--import', 'tsx', workerFile, JSON.stringify(task)], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reports: DurableReport[] = [];
  const waiters: (() => void)[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    reports.push(JSON.parse(line) as DurableReport);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      resolve({ code, signal });
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  let closed = false;
  void exited.then(() => (closed = true));

  async function next<S extends DurableReport['step']>(
    step: S,
  ): Promise<Extract<DurableReport, { step: S }>> {
    for (;;) {
      const found = reports.find((r): r is Extract<DurableReport, { step: S }> => r.step === step);
      if (found) return found;
      if (closed) throw new Error(`worker exited before "${step}": ${stderr.trim() || '(no stderr)'}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }
  const go = () => child.stdin.end('go\n');
  return { child, next, go, exited, stderr: () => stderr };
}

describe.each([
  ['sqlite', createSqliteFixture, false],
  ['postgres', createPostgresFixture, postgresSkipReason !== undefined],
] as [string, DatabaseFixtureFactory, boolean][])('queue durability on %s', (_name, createFixture, skip) => {
  it.skipIf(skip)(
    'finishes a job after the process running it was killed mid-job',
    async () => {
      const storage = await createFixture();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placard-durable-'));
      const base = { options: storage.options, markerDir: dir, leaseMs: 1_000 };
      try {
        const first = startWorker({ ...base, mode: 'enqueue-and-run', handlerMs: 2_000 });
        const job = await first.next('enqueued');
        expect(await first.next('started')).toMatchObject({ attempts: 1 });
        first.child.kill('SIGKILL');
        expect((await first.exited).signal).toBe('SIGKILL');
        expect(fs.readdirSync(dir)).toEqual([]);

        const db = await createDatabase(storage.options);
        try {
          expect(await db.jobs.get(job.accountId, job.id)).toMatchObject({ status: 'running', attempts: 1 });
        } finally {
          await db.close();
        }

        const second = startWorker({ ...base, mode: 'resume', handlerMs: 200, jobs: [job] });
        const started = await second.next('started');
        expect(started.attempts).toBe(2);
        const { jobs } = await second.next('done');
        expect((await second.exited).code, second.stderr()).toBe(0);
        const marker = path.join(dir, job.id);
        expect(jobs).toEqual([
          expect.objectContaining({ id: job.id, status: 'succeeded', attempts: 2, error: null }),
        ]);
        expect(jobs[0]?.result).toEqual({ marker, pid: started.pid });
        expect(fs.readFileSync(marker, 'utf8')).toBe(`written by ${started.pid} on attempt 2`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await storage.destroy();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it.skipIf(skip)(
    'lets two processes drain one queue without running any job twice',
    async () => {
      const storage = await createFixture();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'placard-durable-'));
      try {
        const db = await createDatabase(storage.options);
        const jobs: { accountId: string; id: string }[] = [];
        try {
          const accountId = (await db.accounts.create({ name: 'drain' })).id;
          for (let n = 0; n < JOBS_TO_DRAIN; n++) {
            jobs.push({ accountId, id: (await db.jobs.insert({ accountId, payload: { n } })).id });
          }
        } finally {
          await db.close();
        }
        const task = { mode: 'resume', options: storage.options, markerDir: dir, leaseMs: 5_000 } as const;
        const workers = [0, 1].map(() =>
          startWorker({ ...task, handlerMs: 20, concurrency: 2, jobs, waitForGo: true }),
        );
        await Promise.all(workers.map((worker) => worker.next('ready')));
        for (const worker of workers) worker.go();
        const reports = await Promise.all(workers.map((worker) => worker.next('done')));
        for (const worker of workers) expect((await worker.exited).code, worker.stderr()).toBe(0);

        const final = reports[0]?.jobs ?? [];
        expect(final.map((job) => job.id).sort()).toEqual(jobs.map((job) => job.id).sort());
        expect(final.every((job) => job.status === 'succeeded' && job.attempts === 1)).toBe(true);
        expect(fs.readdirSync(dir)).toHaveLength(JOBS_TO_DRAIN);
        const byPid = new Map<unknown, number>();
        for (const job of final) {
          const pid = (job.result as { pid: number }).pid;
          byPid.set(pid, (byPid.get(pid) ?? 0) + 1);
        }
        console.info(
          `[queue durability] ${JOBS_TO_DRAIN} jobs drained by pids ${JSON.stringify([...byPid])}`,
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await storage.destroy();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
