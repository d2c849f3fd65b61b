// The jobs table beneath the database queue, on SQLite and PostgreSQL: what claim() takes,
// that concurrent claims never share a job, and that a stale lease can no longer write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database, type JobLease, type StoredJob } from '../../src/storage/db/index.ts';
import type { DatabaseFixture, DatabaseFixtureFactory } from '../contract/db-fixture.ts';
import { sleep } from '../contract/queue-helpers.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[jobs repository] skipping PostgreSQL: ${postgresSkipReason}`);

const backends: [string, DatabaseFixtureFactory, boolean][] = [
  ['sqlite', createSqliteFixture, false],
  ['postgres', createPostgresFixture, postgresSkipReason !== undefined],
];

function leaseOf(job: StoredJob | undefined): JobLease {
  if (!job) throw new Error('expected a claimed job');
  return { id: job.id, nodeId: job.lockedBy ?? '', attempts: job.attempts };
}

describe.each(backends)('jobs repository on %s', (_name, createFixture, skip) => {
  let fixture: DatabaseFixture | undefined;
  let db: Database;

  beforeAll(async () => {
    if (skip) return;
    fixture = await createFixture();
    db = await createDatabase(fixture.options);
  });
  afterAll(async () => {
    await db?.close();
    await fixture?.destroy();
  });

  /** Claims until the table has nothing due, so each test starts from an idle queue. */
  async function drain(): Promise<void> {
    while (await db.jobs.claim('drain', 60_000));
  }

  it.skipIf(skip)('claims due jobs only, oldest first, and marks them running under a lease', async () => {
    await drain();
    const accountId = (await db.accounts.create({ name: 'jobs' })).id;
    const later = await db.jobs.insert({ accountId, payload: 'later', runAfter: '2999-01-01T00:00:00.000Z' });
    const first = await db.jobs.insert({ accountId, payload: { n: 1 } });
    await sleep(2);
    const second = await db.jobs.insert({ accountId, payload: { n: 2 } });

    const claimed = await db.jobs.claim('node-a', 60_000);
    expect(claimed).toMatchObject({ id: first.id, status: 'running', attempts: 1, lockedBy: 'node-a' });
    expect(Date.parse(claimed?.lockedUntil ?? '')).toBeGreaterThan(Date.now());
    expect((await db.jobs.claim('node-b', 60_000))?.id).toBe(second.id);
    expect(await db.jobs.claim('node-c', 60_000)).toBeUndefined();
    expect((await db.jobs.get(accountId, later.id))?.status).toBe('queued');
  });

  it.skipIf(skip)('takes a job back when its lease lapsed, and fences off the old lease', async () => {
    await drain();
    const accountId = (await db.accounts.create({ name: 'jobs' })).id;
    const job = await db.jobs.insert({ accountId, payload: {} });
    const crashed = await db.jobs.claim('crashed-node', 20);
    await sleep(40);
    const retaken = await db.jobs.claim('node-b', 60_000);
    expect(retaken).toMatchObject({ id: job.id, attempts: 2, lockedBy: 'node-b' });

    const stale = leaseOf(crashed);
    expect(await db.jobs.renewLease(stale, 60_000)).toBe(false);
    expect(await db.jobs.retryLater(stale, { code: 'X', message: 'x' }, new Date().toISOString())).toBe(
      false,
    );
    expect(await db.jobs.complete(stale, 'stale')).toBe(false);
    expect(await db.jobs.renewLease(leaseOf(retaken), 60_000)).toBe(true);
    expect(await db.jobs.complete(leaseOf(retaken), { ok: true })).toBe(true);
    expect(await db.jobs.get(accountId, job.id)).toMatchObject({
      status: 'succeeded',
      result: { ok: true },
      error: null,
      lockedBy: null,
      lockedUntil: null,
    });
  });

  it.skipIf(skip)(
    'queues a retry until its time, keeping the last error; a failed job is never claimed',
    async () => {
      await drain();
      const accountId = (await db.accounts.create({ name: 'jobs' })).id;
      const job = await db.jobs.insert({ accountId, payload: {} });
      const claimed = await db.jobs.claim('node-a', 60_000);
      const error = { code: 'RENDER_FAILED', message: 'engine hiccup' };
      const runAfter = new Date(Date.now() + 60_000).toISOString();
      expect(await db.jobs.retryLater(leaseOf(claimed), error, runAfter)).toBe(true);
      expect(await db.jobs.get(accountId, job.id)).toMatchObject({ status: 'queued', error, runAfter });
      expect(await db.jobs.claim('node-a', 60_000)).toBeUndefined();

      const doomed = await db.jobs.insert({ accountId, payload: {} });
      expect(await db.jobs.fail(leaseOf(await db.jobs.claim('node-a', 60_000)), error)).toBe(true);
      expect(await db.jobs.get(accountId, doomed.id)).toMatchObject({
        status: 'failed',
        error,
        lockedBy: null,
      });
      expect(await db.jobs.claim('node-a', 60_000)).toBeUndefined();
    },
  );

  it.skipIf(skip)('never gives one job to two of many concurrent claims', async () => {
    await drain();
    const accountId = (await db.accounts.create({ name: 'jobs' })).id;
    const ids = [];
    for (let n = 0; n < 20; n++) ids.push((await db.jobs.insert({ accountId, payload: { n } })).id);
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, n) => db.jobs.claim(`node-${n}`, 60_000)),
    );
    const taken = claims.flatMap((job) => (job ? [job.id] : []));
    expect(taken.sort()).toEqual(ids.sort());
  });
});
