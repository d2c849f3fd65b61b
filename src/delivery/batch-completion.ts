// An async batch's one batch.completed. When an item's job ends for good, the node that ran it
// reads every item of the batch; when all have ended (as GET /v1/batches/:id counts them) and
// this node wins the batch's completion claim, it POSTs batch.completed to the batch's webhook
// through the items' sender (signed, retried, recorded under the batch id). Of two last items
// ending at once on two nodes, the one recorded second sees every item ended, and if both do,
// the claim (one conditional UPDATE) lets one of them send.
import type { JobEndHandler, JobQueue } from '../queue/types.ts';
import type { BatchRepository } from '../storage/db/index.ts';
import { batchView } from './batch-view.ts';
import type { RenderJobPayload } from './render-jobs.ts';
import type { WebhookSender } from './webhooks.ts';

export interface BatchCompletionDeps {
  batches: BatchRepository;
  queue: Pick<JobQueue, 'get'>;
  webhooks: WebhookSender;
}

/** The event: the batch's summary as GET /v1/batches/:id shows it, each item's state only. */
export function batchCompletedBody(view: ReturnType<typeof batchView>) {
  return {
    type: 'batch.completed',
    id: view.id,
    status: view.status,
    status_url: view.status_url,
    total: view.total,
    succeeded: view.succeeded,
    failed: view.failed,
    items: view.items.map(({ index, job_id, status }) => ({ index, job_id, status })),
    created_at: view.created_at,
  };
}

export function createBatchCompletion(deps: BatchCompletionDeps): JobEndHandler {
  return async (job, signal) => {
    const { batch: item, origin } = job.payload as RenderJobPayload;
    if (!item) return;
    const batch = await deps.batches.get(job.accountId, item.id);
    if (!batch || batch.completedAt !== null) return;
    const jobs = await Promise.all(batch.jobIds.map((id) => deps.queue.get(job.accountId, id)));
    const view = batchView(batch, jobs, origin);
    if (view.status !== 'completed') return;
    // Claimed even without a webhook: completed_at records when the batch ended.
    if (!(await deps.batches.claimCompletion(batch.id)) || batch.webhookUrl === null) return;
    await deps.webhooks.deliver(
      { accountId: job.accountId, jobId: batch.id, url: batch.webhookUrl },
      batchCompletedBody(view),
      signal,
    );
  };
}
