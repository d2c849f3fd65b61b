// Jobs of the durable queue (src/queue/database.ts). A job is claimed by one node at a time
// under a lease the node keeps renewing; a lease that lapses (the node crashed or hung) makes
// the job claimable again, which is how work survives a restart.
//
// Claiming is one UPDATE of the oldest due row. On PostgreSQL its subquery locks that row
// FOR UPDATE SKIP LOCKED, so concurrent claimers each take a different row without waiting.
// On SQLite it runs inside atomic(), whose transaction begins IMMEDIATE: the file's write lock
// is held from the read to the write, so another process cannot take the same row in between.
//
// Times come from this process's clock, like every timestamp in this layer: nodes sharing a
// database should keep their clocks in sync (NTP), or leases end early or late by the skew.
import { newId, now } from '../ids.ts';
import type { Db, Executor, JobsTable } from '../schema.ts';
import type {
  DatabaseDialect,
  JobLease,
  JobRepository,
  JsonValue,
  StoredJob,
  StoredJobError,
} from '../types.ts';

/** Only this module writes the JSON columns, always with JSON.stringify, so the casts are safe. */
function toStoredJob(row: JobsTable): StoredJob {
  return {
    id: row.id,
    accountId: row.account_id,
    status: row.status,
    payload: JSON.parse(row.payload) as JsonValue,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    error: row.error === null ? null : (JSON.parse(row.error) as StoredJobError),
    attempts: row.attempts,
    runAfter: row.run_after,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function later(from: string, ms: number): string {
  return new Date(Date.parse(from) + ms).toISOString();
}

async function claimNext(db: Db, nodeId: string, leaseMs: number, skipLocked: boolean) {
  const at = now();
  let next = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', at)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
      ]),
    )
    .orderBy('run_after')
    .orderBy('id')
    .limit(1);
  if (skipLocked) next = next.forUpdate().skipLocked();
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      status: 'running',
      attempts: eb('attempts', '+', 1),
      locked_by: nodeId,
      locked_until: later(at, leaseMs),
      updated_at: at,
    }))
    .where('id', '=', next)
    .returningAll()
    .executeTakeFirst();
  return row && toStoredJob(row);
}

export function jobRepository(ex: Executor, dialect: DatabaseDialect): JobRepository {
  /** Updates the job only while `lease` is its current claim; true when it did. */
  async function whileLeased(lease: JobLease, changes: Partial<JobsTable>): Promise<boolean> {
    const result = await ex
      .db()
      .updateTable('jobs')
      .set({ ...changes, updated_at: now() })
      .where('id', '=', lease.id)
      .where('status', '=', 'running')
      .where('locked_by', '=', lease.nodeId)
      .where('attempts', '=', lease.attempts)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
  const unlocked = { locked_by: null, locked_until: null };

  async function getJob(accountId: string, id: string): Promise<StoredJob | undefined> {
    const row = await ex
      .db()
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && toStoredJob(row);
  }

  return {
    async insert({ accountId, payload, runAfter, id }) {
      const at = now();
      const row: JobsTable = {
        id: id ?? newId('job'),
        account_id: accountId,
        status: 'queued',
        payload: JSON.stringify(payload),
        result: null,
        error: null,
        attempts: 0,
        run_after: runAfter ?? at,
        locked_by: null,
        locked_until: null,
        created_at: at,
        updated_at: at,
      };
      // A caller-chosen id that exists already (a retried batch) keeps its job as it stands.
      const inserted = await ex
        .db()
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows !== 0n) return toStoredJob(row);
      const existing = await getJob(accountId, row.id);
      if (!existing) throw new Error(`Job id ${row.id} is taken by another account`);
      return existing;
    },

    get: getJob,

    claim: async (nodeId, leaseMs) =>
      dialect === 'postgres'
        ? claimNext(ex.db(), nodeId, leaseMs, true)
        : ex.atomic((trx) => claimNext(trx, nodeId, leaseMs, false)),

    complete: async (lease, result) =>
      whileLeased(lease, { status: 'succeeded', result: JSON.stringify(result), error: null, ...unlocked }),

    fail: async (lease, error) =>
      whileLeased(lease, { status: 'failed', error: JSON.stringify(error), ...unlocked }),

    retryLater: async (lease, error, runAfter) =>
      whileLeased(lease, {
        status: 'queued',
        error: JSON.stringify(error),
        run_after: runAfter,
        ...unlocked,
      }),

    renewLease: async (lease, leaseMs) => whileLeased(lease, { locked_until: later(now(), leaseMs) }),

    async counts() {
      const at = now();
      // One scan of the jobs_due index (status, run_after); PostgreSQL counts come back as text.
      const row = await ex
        .db()
        .selectFrom('jobs')
        .select((eb) => [
          eb.fn
            .countAll()
            .filterWhere((w) => w.and([w('status', '=', 'queued'), w('run_after', '<=', at)]))
            .as('queued'),
          eb.fn.countAll().filterWhere('status', '=', 'running').as('running'),
          eb.fn
            .countAll()
            .filterWhere((w) => w.and([w('status', '=', 'queued'), w('run_after', '>', at)]))
            .as('delayed'),
        ])
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow();
      return { queued: Number(row.queued), running: Number(row.running), delayed: Number(row.delayed) };
    },
  };
}
