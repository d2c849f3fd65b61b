// Exact across nodes: two processes on one database race for the same last credits and the
// same quota. SQLite (two processes on one file) always; PostgreSQL when reachable.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import type { DatabaseFixture, DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import { newAccount } from '../contract/metering-helpers.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';
import type { ReserveJob, ReserveReport } from './reserve-worker.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, 'reserve-worker.ts');
const PROCESS_TIMEOUT_MS = 120_000;

interface Worker {
  ready: Promise<void>;
  go(): void;
  done: Promise<ReserveReport>;
}

function startWorker(job: ReserveJob): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
    cwd: path.resolve(here, '../..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') markReady();
    else lines.push(line);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT_MS);
  const done = new Promise<ReserveReport>((resolve, reject) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = lines.at(-1);
      if (code === 0 && last) resolve(JSON.parse(last) as ReserveReport);
      else reject(new Error(`reserve worker exited with ${code}: ${stderr.trim() || '(no stderr)'}`));
    }),
  );
  // A worker that dies before "ready" fails the test instead of hanging it.
  return {
    ready: Promise.race([ready, done.then(() => undefined)]),
    go: () => child.stdin.end('go\n'),
    done,
  };
}

async function race(job: ReserveJob, workers: number): Promise<ReserveReport[]> {
  const started = Array.from({ length: workers }, () => startWorker(job));
  await Promise.all(started.map((w) => w.ready));
  for (const w of started) w.go();
  return Promise.all(started.map((w) => w.done));
}

function crossProcessCases(name: string, createFixture: DatabaseFixtureFactory): void {
  describe(`metering across processes: ${name}`, () => {
    let opened: { fixture: DatabaseFixture; db: Database } | undefined;
    const get = () => opened ?? fail('storage not open');
    beforeAll(async () => {
      const fixture = await createFixture();
      opened = { fixture, db: await createDatabase(fixture.options) };
    });
    afterAll(async () => {
      await opened?.db.close();
      await opened?.fixture.destroy();
    });

    it(
      'lets exactly 10 of 2 x 25 reserves from two processes take the last 10 credits',
      async () => {
        const { db, fixture } = get();
        const accountId = await newAccount(db, 'credits');
        await db.metering.addCredits(accountId, 10);
        const reports = await race({ options: fixture.options, accountId, count: 25 }, 2);
        expect(reports.reduce((n, r) => n + r.reserved, 0)).toBe(10);
        expect(reports.reduce((n, r) => n + (r.refused.INSUFFICIENT_CREDITS ?? 0), 0)).toBe(40);
        expect((await db.metering.get(accountId))?.credits).toBe(0);
      },
      PROCESS_TIMEOUT_MS,
    );

    it(
      'lets exactly 10 of 2 x 25 reserves from two processes into a quota of 10',
      async () => {
        const { db, fixture } = get();
        const accountId = await newAccount(db, 'quota10');
        const reports = await race({ options: fixture.options, accountId, count: 25 }, 2);
        expect(reports.reduce((n, r) => n + r.reserved, 0)).toBe(10);
        expect(reports.reduce((n, r) => n + (r.refused.QUOTA_EXCEEDED ?? 0), 0)).toBe(40);
      },
      PROCESS_TIMEOUT_MS,
    );
  });
}

function fail(message: string): never {
  throw new Error(message);
}

crossProcessCases('sqlite', createSqliteFixture);

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason)
  console.warn(`[metering] skipping PostgreSQL across processes: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('postgres', () => {
  crossProcessCases('postgres', createPostgresFixture);
});
