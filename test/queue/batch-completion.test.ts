// batch.completed with two nodes racing: this process and a child process (batch-race-node.ts)
// run the items of each batch on the same storage, every item ends at the same moment, and the
// batch's webhook must still get exactly one batch.completed. Runs on the database queue
// (SQLite file, PostgreSQL) and on BullMQ (batches on SQLite), whichever are reachable.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobId, type JobQueue } from '../../src/queue/types.ts';
import { createDatabase } from '../../src/storage/db/index.ts';
import type { DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import { until } from '../contract/queue-helpers.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';
import { openRaceNode, type RaceNode } from './batch-race-setup.ts';
import { redisUnavailable, TEST_REDIS_URL } from './fixtures.ts';

type Json = Record<string, unknown>;
const here = path.dirname(fileURLToPath(import.meta.url));
const received: Json[] = [];
let receiver: http.Server;
let hookUrl: string;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as Json);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

/** The other node, in its own process; resolves once its queue is started. */
async function startOtherNode(node: RaceNode) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'batch-race-node.ts'), JSON.stringify(node)],
    {
      cwd: path.resolve(here, '../..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', () => resolve());
    void exited.then(() => reject(new Error('the other node exited before it was ready')));
  });
  return {
    release: () => child.stdin.write('go\n'),
    stop: async () => (child.stdin.end(), await exited),
  };
}

function raceCase(name: string, createStorage: DatabaseFixtureFactory, bullmq?: RaceNode['bullmq']): void {
  it(`${name}: two processes ending a batch's items at once send one batch.completed`, async () => {
    const storage = await createStorage();
    const db = await createDatabase(storage.options);
    const node: RaceNode = { storage: storage.options, bullmq };
    let open: () => void = () => {};
    let release = new Promise<void>((resolve) => (open = resolve));
    let queue: JobQueue | undefined;
    const other = await startOtherNode(node);
    try {
      queue = await openRaceNode(db, node, () => release);
      const accountId = (await db.accounts.create({ name: 'race' })).id;
      for (let round = 0; round < 5; round++) {
        const id = `bat_race_${round}_${randomBytes(4).toString('hex')}`;
        const jobIds = [newJobId(), newJobId(), newJobId(), newJobId()];
        await db.batches.create({ id, accountId, jobIds, webhookUrl: hookUrl });
        const payload = (index: number) => ({ origin: 'http://placard.test', batch: { id, index } });
        await Promise.all(
          jobIds.map((jobId, index) => queue!.enqueue({ accountId, payload: payload(index), id: jobId })),
        );
        // Four running at once (each node runs two), then all four end together.
        await until(
          async () => Promise.all(jobIds.map(async (jobId) => (await queue!.get(accountId, jobId))?.status)),
          (statuses) => statuses.every((status) => status === 'running'),
          'four items running',
        );
        const opened = open;
        release = new Promise<void>((resolve) => (open = resolve));
        opened();
        other.release();
        await until(
          async () => (await db.batches.get(accountId, id))?.completedAt ?? null,
          (at) => at !== null,
          `batch ${id} completed`,
        );
        await until(
          async () => received.filter((body) => body.id === id).length,
          (n) => n > 0,
          `batch ${id}'s event`,
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // time for a second event
        expect(received.filter((body) => body.id === id)).toEqual([
          expect.objectContaining({ type: 'batch.completed', id, total: 4, succeeded: 4, failed: 0 }),
        ]);
      }
    } finally {
      open();
      await other.stop();
      await queue?.close();
      await db.close();
      await storage.destroy();
    }
  }, 60_000);
}

describe('batch.completed races', () => {
  raceCase('database queue on SQLite', createSqliteFixture);
});

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[batch races] skipping PostgreSQL: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('batch.completed races: postgres', () => {
  raceCase('database queue on PostgreSQL', createPostgresFixture);
});

const redisSkipReason = await redisUnavailable();
if (redisSkipReason) console.warn(`[batch races] skipping BullMQ: ${redisSkipReason}`);
describe.skipIf(redisSkipReason !== undefined)('batch.completed races: bullmq', () => {
  const bullmq = {
    url: TEST_REDIS_URL,
    prefix: `placard-test-${randomBytes(4).toString('hex')}`,
    queueName: `race${randomBytes(4).toString('hex')}`,
  };
  raceCase('BullMQ, batches on SQLite', createSqliteFixture, bullmq);
});
