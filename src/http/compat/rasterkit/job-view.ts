// A RasterKit job as its job route shows it and as its webhook body carries it: the same
// object from one function, so the error code a receiver gets is the one polling shows
// (RasterKit's, e.g. navigation_failed or url_blocked, never Placard's ASSET_FETCH_FAILED).
import type { JobEnd, WebhookBody } from '../../../delivery/render-jobs.ts';
import type { Job } from '../../../queue/types.ts';
import { rasterkitCodeOf } from './errors.ts';

export function rasterkitJobView(job: Job, statusUrl: string) {
  const result = job.result as { url?: unknown } | null | undefined;
  const error = job.error && {
    code: rasterkitCodeOf(job.error.code, job.error.details).code,
    message: job.error.message,
  };
  return {
    id: job.id,
    status: job.status === 'running' ? 'processing' : job.status,
    status_url: statusUrl,
    result_url: typeof result?.url === 'string' ? result.url : null,
    error: error ?? null,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
  };
}

/** The job as it reads once the end being reported is recorded, plus the event type. */
export const rasterkitWebhookBody: WebhookBody = ({ job, payload, status, result, error }: JobEnd) => ({
  type: `render.${status}`,
  ...rasterkitJobView(
    { ...job, status, result: result ?? null, error: error ?? null, updatedAt: new Date().toISOString() },
    `${payload.dialect?.jobsUrl ?? ''}${job.id}`,
  ),
});
