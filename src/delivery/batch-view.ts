// An async batch as its account sees it: each item's job state and the counts. GET
// /v1/batches/:id answers with it, and batch.completed carries its summary, so both agree on
// what "completed" means: every item ended (succeeded, failed, or missing).
import type { Job } from '../queue/types.ts';
import type { Batch } from '../storage/db/index.ts';

/** The batch as its account sees it: each item's job state, and the counts. */
export function batchView(batch: Batch, jobs: (Job | undefined)[], origin: string) {
  const items = batch.jobIds.map((jobId, index) => {
    const job = jobs[index];
    if (!job) return { index, job_id: jobId, status: 'missing', attempts: 0 };
    return {
      index,
      job_id: jobId,
      status: job.status,
      attempts: job.attempts,
      ...(job.status === 'succeeded' && { result: job.result }),
      ...(job.status === 'failed' && job.error && { error: job.error }),
    };
  });
  const count = (status: string) => items.filter((item) => item.status === status).length;
  const settled = items.length - count('queued') - count('running');
  return {
    id: batch.id,
    status: settled === items.length ? 'completed' : count('queued') === items.length ? 'queued' : 'running',
    status_url: `${origin}/v1/batches/${batch.id}`,
    total: items.length,
    queued: count('queued'),
    running: count('running'),
    succeeded: count('succeeded'),
    failed: count('failed'),
    ...(batch.webhookUrl !== null && { webhook_url: batch.webhookUrl }),
    items,
    created_at: batch.createdAt,
    ...(batch.completedAt !== null && { completed_at: batch.completedAt }),
  };
}
