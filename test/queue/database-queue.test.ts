// What the database queue promises beyond the contract, on SQLite and PostgreSQL: a long job
// keeps its lease (no second node takes it), a crashed node's job is run again, a job that
// keeps killing its node stops, and close() gives up on a stuck job without losing it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseQueue, type DatabaseQueueOptions } from '../../src/queue/database.ts';
import type { JobQueue } from '../../src/queue/types.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import type { DatabaseFixture, DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import { gate, settled, sleep } from '../contract/queue-helpers.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[database queue] skipping PostgreSQL: ${postgresSkipReason}`);

const backends: [string, DatabaseFixtureFactory, boolean][] = [
  ['sqlite', createSqliteFixture, false],
  ['postgres', createPostgresFixture, postgresSkipReason !== undefined],
];

describe.each(backends)('database queue on %s', (_name, createFixture, skip) => {
  let fixture: DatabaseFixture | undefined;
  let db: Database;
  let accountId: string;
  const queues: JobQueue[] = [];

  function open(options: Partial<DatabaseQueueOptions> = {}): JobQueue {
    const queue = createDatabaseQueue(db, {
      maxAttempts: 3,
      backoffMs: 50,
      concurrency: 1,
      pollMs: 20,
      onError: () => {},
      ...options,
    });
    queues.push(queue);
    return queue;
  }

  beforeEach(async () => {
    if (skip) return;
    fixture = await createFixture();
    db = await createDatabase(fixture.options);
    accountId = (await db.accounts.create({ name: 'queue' })).id;
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.close()));
    await db?.close();
    await fixture?.destroy();
  });

  it.skipIf(skip)('renews the lease of a job that outlasts it, so a second node never takes it', async () => {
    let runs = 0;
    const handler = async () => {
      runs++;
      await sleep(1_000); // more than three leases
      return 'done';
    };
    const [nodeA, nodeB] = [open({ leaseMs: 300, nodeId: 'a' }), open({ leaseMs: 300, nodeId: 'b' })];
    const job = await nodeA.enqueue({ accountId, payload: {} });
    nodeA.start(handler);
    nodeB.start(handler);
    expect(await settled(nodeA, accountId, job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(runs).toBe(1);
  });

  it.skipIf(skip)("runs a crashed node's job again once its lease lapsed", async () => {
    const job = await open().enqueue({ accountId, payload: { n: 1 } });
    // A node that claims the job and dies: it never renews, completes or fails it.
    expect((await db.jobs.claim('dead-node', 100))?.id).toBe(job.id);
    const queue = open();
    queue.start(async (running) => ({ attempt: running.attempts }));
    expect(await settled(queue, accountId, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: { attempt: 2 },
    });
  });

  it.skipIf(skip)('fails a job whose attempts all died with their node, without running it', async () => {
    const job = await open().enqueue({ accountId, payload: {} });
    for (let n = 0; n < 2; n++) {
      await db.jobs.claim('dying-node', 10);
      await sleep(20);
    }
    let runs = 0;
    const queue = open({ maxAttempts: 2 });
    queue.start(async () => runs++);
    const done = await settled(queue, accountId, job.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'INTERNAL_ERROR' } });
    expect(runs).toBe(0);
  });

  it.skipIf(skip)('stops waiting for a stuck job at close(), and the job runs again later', async () => {
    const stuck = gate();
    const aborted = gate();
    const first = open({ graceMs: 100, leaseMs: 300 });
    first.start(async (_job, signal) => {
      signal.addEventListener('abort', () => aborted.open());
      stuck.open();
      await new Promise(() => {}); // ignores the signal, as a wedged render would
    });
    const job = await first.enqueue({ accountId, payload: {} });
    await stuck.opened;
    await first.close();
    await aborted.opened;
    expect((await db.jobs.get(accountId, job.id))?.status).toBe('running');

    const second = open({ leaseMs: 300 });
    second.start(async () => 'second time');
    expect(await settled(second, accountId, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      result: 'second time',
    });
  });

  it.skipIf(skip)('refuses a payload that is not JSON', async () => {
    await expect(open().enqueue({ accountId, payload: () => 1 })).rejects.toThrow(/JSON-serialisable/);
  });
});
