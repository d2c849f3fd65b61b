// Webhook delivery: POSTs a JSON event through the guarded fetcher, signed with the account's
// webhook secret (header X-Placard-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">),
// retried with exponential backoff on network errors, 408, 429 and 5xx. Every attempt is
// recorded on the job (GET /v1/jobs/:id shows them) and each webhook's end is counted.
import { randomBytes } from 'node:crypto';
import type { Fetcher } from '../core/fetch-guard/index.ts';
import { createSigner, webhookSignature } from '../core/signing.ts';
import type { Database, WebhookDeliveryOutcome } from '../storage/db/index.ts';

export interface WebhookOutcome {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status, or why nothing was sent. */
  status: number | null;
  error: string | null;
}

/** Where one job's webhook goes. */
export interface WebhookTarget {
  accountId: string;
  /** What the attempts are recorded under: the job, or the batch for batch.completed. */
  jobId: string;
  url: string;
}

export interface WebhookSender {
  deliver(
    target: WebhookTarget,
    event: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<WebhookOutcome>;
}

export interface WebhookOptions {
  attempts: number;
  backoffMs: number;
  /** Called once per webhook with how it ended (the metrics count these). */
  onEnd?(outcome: WebhookDeliveryOutcome): void;
  /** A delivery that could not be recorded still goes; the failure to record is reported here. */
  onError?(error: unknown): void;
}

/** The account's signing secret, created on first use and shared by every node. */
export const webhookSecret = (db: Database, accountId: string) =>
  db.settings.getOrCreate(
    `webhook_secret:${accountId}`,
    () => `whsec_${randomBytes(24).toString('base64url')}`,
  );

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;
// A refused address will be refused every time: no retry.
const refusedReasons = new Set(['private-address', 'scheme']);
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

interface Attempt {
  outcome: WebhookDeliveryOutcome;
  status: number | null;
  error: string | null;
  /** Whether trying again could help. */
  retry: boolean;
}

export function createWebhookSender(db: Database, fetcher: Fetcher, options: WebhookOptions): WebhookSender {
  const reportError = options.onError ?? ((error: unknown) => console.error('[webhooks]', error));

  async function post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal) {
    try {
      const { status } = await fetcher.post(url, body, headers, signal);
      if (status >= 200 && status < 300) {
        return { outcome: 'delivered', status, error: null, retry: false } satisfies Attempt;
      }
      return {
        outcome: 'failed',
        status,
        error: `answered ${status}`,
        retry: retryable(status),
      } satisfies Attempt;
    } catch (error) {
      const reason = (error as { reason?: string }).reason;
      const message = error instanceof Error ? error.message : String(error);
      if (reason && refusedReasons.has(reason)) {
        return { outcome: 'refused', status: null, error: message, retry: false } satisfies Attempt;
      }
      return { outcome: 'failed', status: null, error: message, retry: true } satisfies Attempt;
    }
  }

  return {
    async deliver(target, event, signal) {
      const body = JSON.stringify(event);
      const signer = createSigner([await webhookSecret(db, target.accountId)]);
      const outcome: WebhookOutcome = { delivered: false, attempts: 0, status: null, error: null };
      let last: Attempt | undefined;
      for (let attempt = 1; attempt <= options.attempts && !signal?.aborted; attempt++) {
        outcome.attempts = attempt;
        const started = performance.now();
        last = await post(
          target.url,
          body,
          {
            'x-placard-signature': webhookSignature(signer, body),
            'x-placard-event': String(event.type),
            'x-placard-delivery-attempt': String(attempt),
          },
          signal,
        );
        const durationMs = performance.now() - started;
        const waitMs =
          last.retry && attempt < options.attempts ? options.backoffMs * 2 ** (attempt - 1) : null;
        await db.webhookDeliveries
          .record({
            ...target,
            attempt,
            outcome: last.outcome,
            status: last.status,
            error: last.error,
            durationMs,
            nextAttemptAt: waitMs === null ? null : new Date(Date.now() + waitMs).toISOString(),
          })
          .catch(reportError);
        Object.assign(outcome, {
          status: last.status,
          error: last.error,
          delivered: last.outcome === 'delivered',
        });
        if (waitMs === null) break;
        await sleep(waitMs, signal);
      }
      // Cut short (the node is stopping): the job runs again and that run's end is counted.
      if (last && !signal?.aborted) options.onEnd?.(last.outcome);
      return outcome;
    },
  };
}
