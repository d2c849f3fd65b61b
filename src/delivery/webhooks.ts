// Webhook delivery: POSTs a JSON event through the guarded fetcher, signed with the account's
// webhook secret (header X-Placard-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">),
// retried with exponential backoff on network errors, 408, 429 and 5xx.
import { randomBytes } from 'node:crypto';
import type { Fetcher } from '../core/fetch-guard.ts';
import { createSigner, webhookSignature } from '../core/signing.ts';
import type { Database } from '../storage/db/index.ts';

export interface WebhookOutcome {
  delivered: boolean;
  attempts: number;
  /** The last HTTP status, or why nothing was sent. */
  status: number | null;
  error: string | null;
}

export interface WebhookSender {
  deliver(
    accountId: string,
    url: string,
    event: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<WebhookOutcome>;
}

export interface WebhookOptions {
  attempts: number;
  backoffMs: number;
}

/** The account's signing secret, created on first use and shared by every node. */
export const webhookSecret = (db: Database, accountId: string) =>
  db.settings.getOrCreate(
    `webhook_secret:${accountId}`,
    () => `whsec_${randomBytes(24).toString('base64url')}`,
  );

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export function createWebhookSender(db: Database, fetcher: Fetcher, options: WebhookOptions): WebhookSender {
  return {
    async deliver(accountId, url, event, signal) {
      const body = JSON.stringify(event);
      const signer = createSigner([await webhookSecret(db, accountId)]);
      const outcome: WebhookOutcome = { delivered: false, attempts: 0, status: null, error: null };
      for (let attempt = 1; attempt <= options.attempts && !signal?.aborted; attempt++) {
        outcome.attempts = attempt;
        try {
          const { status } = await fetcher.post(
            url,
            body,
            {
              'x-placard-signature': webhookSignature(signer, body),
              'x-placard-event': String(event.type),
              'x-placard-delivery-attempt': String(attempt),
            },
            signal,
          );
          outcome.status = status;
          outcome.error = null;
          if (status >= 200 && status < 300) return { ...outcome, delivered: true };
          if (!retryable(status)) return { ...outcome, error: `answered ${status}` };
          outcome.error = `answered ${status}`;
        } catch (error) {
          outcome.error = error instanceof Error ? error.message : String(error);
          // A refused address will be refused every time: stop at once.
          if (
            (error as { reason?: string }).reason === 'private-address' ||
            (error as { reason?: string }).reason === 'scheme'
          ) {
            return outcome;
          }
        }
        if (attempt < options.attempts) await sleep(options.backoffMs * 2 ** (attempt - 1), signal);
      }
      return outcome;
    },
  };
}
