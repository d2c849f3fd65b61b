// Async batches: which job runs each item. Written when the batch is accepted, and once more
// when its last item ends (completed_at, claimed by exactly one node); the items' states are
// read from the queue, never copied here.
import { now } from '../ids.ts';
import type { BatchesTable, Executor } from '../schema.ts';
import type { Batch, BatchRepository } from '../types.ts';

const toBatch = (row: BatchesTable): Batch => ({
  id: row.id,
  accountId: row.account_id,
  // Only this module writes the column, always with JSON.stringify.
  jobIds: JSON.parse(row.job_ids) as string[],
  webhookUrl: row.webhook_url,
  createdAt: row.created_at,
  completedAt: row.completed_at,
});

export function batchRepository(ex: Executor): BatchRepository {
  return {
    async create(input) {
      const row: BatchesTable = {
        id: input.id,
        account_id: input.accountId,
        job_ids: JSON.stringify(input.jobIds),
        webhook_url: input.webhookUrl,
        created_at: now(),
        completed_at: null,
      };
      await ex.db().insertInto('batches').values(row).execute();
      return toBatch(row);
    },

    async get(accountId, id) {
      const row = await ex
        .db()
        .selectFrom('batches')
        .selectAll()
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row && toBatch(row);
    },

    async claimCompletion(id) {
      // One conditional UPDATE: the database lets exactly one writer see completed_at NULL.
      const result = await ex
        .db()
        .updateTable('batches')
        .set({ completed_at: now() })
        .where('id', '=', id)
        .where('completed_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}
