// Async renders: what a job carries, and the handler that runs it on any node: render, store
// the image, then tell the webhook (success, or the final failure). A 4xx-class PlacardError
// (bad template, unknown variable) is permanent and never retried; the queue retries the rest.
//
// One rule for error codes: the webhook body carries the same error the job records (the
// queue's toJobError), and a job accepted by a dialect gets that dialect's webhook body, built
// by the same function as its job route, so a job reads alike wherever it is looked at.
import type { Pipeline } from '../core/pipeline.ts';
import type { RenderRequest } from '../core/render-request.ts';
import type { Metering } from '../metering/index.ts';
import { isPermanent, toJobError } from '../queue/outcome.ts';
import type { Job, JobError, JobHandler } from '../queue/types.ts';
import { renderReply, type RenderStore } from './render-store.ts';
import type { WebhookSender } from './webhooks.ts';

export interface RenderJobPayload {
  request: RenderRequest;
  /** Public origin at enqueue time, for the stored render's URL. */
  origin: string;
  webhookUrl?: string;
  /**
   * The dialect that accepted the job (absent: the native API), whose webhook body it gets,
   * and the URL its job route answers at, up to the job id.
   */
  dialect?: { name: string; jobsUrl: string };
  /** The async batch this job is an item of (POST /v1/render/batch with async), and which item. */
  batch?: { id: string; index: number };
}

/** How a job ended, for its webhook body. */
export interface JobEnd {
  job: Job;
  payload: RenderJobPayload;
  status: 'succeeded' | 'failed';
  /** The stored render, when succeeded. */
  result?: ReturnType<typeof renderReply>;
  error?: JobError;
}

/** Builds a webhook body; the event type travels in X-Placard-Event too. */
export type WebhookBody = (end: JobEnd) => Record<string, unknown>;

/**
 * The native body: `{ type, id, status, result }` or `{ type, id, status, error }`, the error
 * exactly as GET /v1/jobs/:id shows it (`{ code, message, details? }`). A batch item's body also
 * names its batch and item: `batch: { id, index }`.
 */
export const nativeWebhookBody: WebhookBody = ({ job, payload, status, result, error }) => ({
  type: `render.${status}`,
  id: job.id,
  status,
  ...(payload.batch && { batch: payload.batch }),
  ...(result && { result }),
  ...(error && { error }),
});

export interface RenderJobDeps {
  pipeline: Pipeline;
  renders: RenderStore;
  webhooks: WebhookSender;
  /** Webhook bodies of the dialects that accept jobs, by dialect name. */
  webhookBodies?: Record<string, WebhookBody>;
  /** Charges the job when it draws (not when accepted): a failed render costs nothing. */
  metering?: Metering;
  maxAttempts: number;
}

export function createRenderJobHandler(deps: RenderJobDeps): JobHandler {
  const notify = async (end: JobEnd, signal: AbortSignal) => {
    const { webhookUrl, dialect } = end.payload;
    if (!webhookUrl) return undefined;
    const body = (dialect && deps.webhookBodies?.[dialect.name]) ?? nativeWebhookBody;
    return deps.webhooks.deliver(
      { accountId: end.job.accountId, jobId: end.job.id, url: webhookUrl },
      body(end),
      signal,
    );
  };

  return async (job, signal) => {
    const payload = job.payload as RenderJobPayload;
    try {
      const reservation = await deps.metering?.reserve(job.accountId);
      let result;
      try {
        result = await deps.pipeline.render(payload.request, signal);
        await (result.cache === 'HIT' ? reservation?.refund() : reservation?.commit());
      } catch (error) {
        await reservation?.refund();
        throw error;
      }
      const stored = await deps.renders.save(result, job.accountId);
      const render = renderReply(stored, deps.renders.urlFor(stored, payload.origin));
      const webhook = await notify({ job, payload, status: 'succeeded', result: render }, signal);
      return { ...render, ...(webhook && { webhook }) };
    } catch (error) {
      // The last attempt (or a permanent failure) is the job's end: tell the webhook, then let
      // the queue record the failure.
      if (isPermanent(error) || job.attempts >= deps.maxAttempts) {
        await notify({ job, payload, status: 'failed', error: toJobError(error) }, signal).catch(
          () => undefined,
        );
      }
      throw error;
    }
  };
}
