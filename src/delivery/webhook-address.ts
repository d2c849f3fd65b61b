// The webhook address, checked when a job is accepted: the same guard that will POST to it
// judges it now (scheme, literal IP, the addresses a name resolves to), so a job whose webhook
// could never go is refused with a 400 before any job is queued or credit spent.
import { FetchFailure, type Fetcher } from '../core/fetch-guard/index.ts';
import { describeValue, PlacardError } from '../errors/placard-error.ts';

const allowed = 'a public http(s) URL (an operator can exempt a host name with PLACARD_FETCH_ALLOW_HOSTS)';

/** The check with its fetch guard bound, for routes that hold no fetcher (the dialects). */
export type WebhookAddressCheck = (url: string, field: string) => Promise<void>;

export const webhookAddressCheck =
  (fetcher: Fetcher): WebhookAddressCheck =>
  (url, field) =>
    checkWebhookAddress(fetcher, url, field);

/** Throws WEBHOOK_URL_REFUSED naming the reason; `field` is how the caller's body names it. */
export async function checkWebhookAddress(fetcher: Fetcher, url: string, field: string): Promise<void> {
  try {
    await fetcher.check(url);
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error;
    throw new PlacardError(
      'WEBHOOK_URL_REFUSED',
      `${field} ${describeValue(url, 200)} is refused: ${error.message}; allowed: ${allowed}.`,
      { details: { field, reason: error.reason, allowed, received: url } },
    );
  }
}
