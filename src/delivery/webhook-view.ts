// A job's webhook as its status routes show it: the address, where delivery stands, and every
// attempt with its outcome. Shared by the native and the RasterKit job routes.
import type { WebhookDelivery } from '../storage/db/index.ts';

/**
 * pending: nothing sent yet (the job has not ended); retrying: the last attempt failed and
 * another is due; delivered, failed (no attempts left) or refused (the fetch guard refused it).
 */
export type WebhookState = 'pending' | 'retrying' | 'delivered' | 'failed' | 'refused';

export function webhookState(deliveries: readonly WebhookDelivery[]): WebhookState {
  const last = deliveries.at(-1);
  if (!last) return 'pending';
  if (last.outcome === 'failed' && last.nextAttemptAt !== null) return 'retrying';
  return last.outcome;
}

export function webhookView(url: string, deliveries: readonly WebhookDelivery[]) {
  return {
    url,
    state: webhookState(deliveries),
    deliveries: deliveries.map((d) => ({
      attempt: d.attempt,
      at: d.createdAt,
      outcome: d.outcome,
      status: d.status,
      error: d.error,
      duration_ms: d.durationMs,
      next_attempt_at: d.nextAttemptAt,
    })),
  };
}

export type WebhookView = ReturnType<typeof webhookView>;
