// @placard/client: the typed client for Placard's native API and the webhook verifier.
export { createPlacardClient, type PlacardClient, type PlacardClientOptions } from './client.ts';
export { PlacardApiError, retryAfterSeconds, toApiError } from './errors.ts';
export { withRetries, type FetchLike, type RetryOptions } from './retry.ts';
export type { WaitOptions } from './jobs.ts';
export {
  verifyWebhook,
  type VerifyWebhookOptions,
  type WebhookEvent,
  type WebhookVerification,
} from './webhooks.ts';
export type * from './types.ts';
export type { paths, components } from './generated/openapi.ts';
