// Async renders: what a job carries, and the handler that runs it on any node: render, store
// the image, then tell the webhook (success, or the final failure). A 4xx-class PlacardError
// (bad template, unknown variable) is permanent and never retried; the queue retries the rest.
import { isPlacardError } from '../core/errors.ts';
import type { Pipeline } from '../core/pipeline.ts';
import type { RenderRequest } from '../core/render-request.ts';
import type { Metering } from '../metering/index.ts';
import type { Job, JobHandler } from '../queue/types.ts';
import { renderReply, type RenderStore } from './render-store.ts';
import type { WebhookSender } from './webhooks.ts';

export interface RenderJobPayload {
  request: RenderRequest;
  /** Public origin at enqueue time, for the stored render's URL. */
  origin: string;
  webhookUrl?: string;
}

export interface RenderJobDeps {
  pipeline: Pipeline;
  renders: RenderStore;
  webhooks: WebhookSender;
  /** Charges the job when it draws (not when accepted): a failed render costs nothing. */
  metering?: Metering;
  maxAttempts: number;
}

const isPermanent = (error: unknown) => isPlacardError(error) && error.status < 500;

export function createRenderJobHandler(deps: RenderJobDeps): JobHandler {
  const notify = async (job: Job, event: Record<string, unknown>, signal: AbortSignal) => {
    const { webhookUrl } = job.payload as RenderJobPayload;
    if (!webhookUrl) return undefined;
    return deps.webhooks.deliver(job.accountId, webhookUrl, { id: job.id, ...event }, signal);
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
      const webhook = await notify(
        job,
        { type: 'render.succeeded', status: 'succeeded', result: render },
        signal,
      );
      return { ...render, ...(webhook && { webhook }) };
    } catch (error) {
      // The last attempt (or a permanent failure) is the job's end: tell the webhook, then let
      // the queue record the failure.
      if (isPermanent(error) || job.attempts >= deps.maxAttempts) {
        const code = isPlacardError(error) ? error.code : 'RENDER_FAILED';
        const message = error instanceof Error ? error.message : String(error);
        await notify(
          job,
          { type: 'render.failed', status: 'failed', error: { code, message } },
          signal,
        ).catch(() => undefined);
      }
      throw error;
    }
  };
}
