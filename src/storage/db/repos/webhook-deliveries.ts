// Webhook delivery attempts of async jobs, one row each, read back in order for the job's
// status routes. Rows are written once and never changed.
import { newId, now } from '../ids.ts';
import type { Executor, WebhookDeliveriesTable } from '../schema.ts';
import { WEBHOOK_DELIVERY_LIST_MAX, type WebhookDelivery, type WebhookDeliveryRepository } from '../types.ts';

const toDelivery = (row: WebhookDeliveriesTable): WebhookDelivery => ({
  id: row.id,
  accountId: row.account_id,
  jobId: row.job_id,
  url: row.url,
  attempt: row.attempt,
  outcome: row.outcome,
  status: row.status,
  error: row.error,
  durationMs: row.duration_ms,
  nextAttemptAt: row.next_attempt_at,
  createdAt: row.created_at,
});

export function webhookDeliveryRepository(ex: Executor): WebhookDeliveryRepository {
  return {
    async record(input) {
      const row: WebhookDeliveriesTable = {
        id: newId('whd'),
        account_id: input.accountId,
        job_id: input.jobId,
        url: input.url,
        attempt: input.attempt,
        outcome: input.outcome,
        status: input.status,
        error: input.error,
        duration_ms: Math.max(0, Math.round(input.durationMs)),
        next_attempt_at: input.nextAttemptAt,
        created_at: now(),
      };
      await ex.db().insertInto('webhook_deliveries').values(row).execute();
      return toDelivery(row);
    },

    async list(accountId, jobId) {
      const rows = await ex
        .db()
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('job_id', '=', jobId)
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('attempt')
        .limit(WEBHOOK_DELIVERY_LIST_MAX)
        .execute();
      return rows.map(toDelivery);
    },
  };
}
