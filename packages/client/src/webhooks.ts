// Verifies a webhook Placard sent: header X-Placard-Signature is `t=<unix seconds>,v1=<hex>`,
// the hex an HMAC-SHA256 of "<t>.<raw body>" with the account's secret (GET /v1/webhooks/secret).
// Web Crypto only, so it runs wherever the client runs; crypto.subtle.verify compares in
// constant time.

export interface WebhookEvent {
  type: 'render.succeeded' | 'render.failed' | (string & {});
  id: string;
  status: string;
  result?: { id: string; url: string; [field: string]: unknown };
  error?: { code: string; message: string };
  [field: string]: unknown;
}

export interface VerifyWebhookOptions {
  /** The raw request body exactly as received (not re-serialised JSON). */
  body: string | Uint8Array;
  /** The X-Placard-Signature header. */
  signature: string | null | undefined;
  /** The account's webhook secret; several while rotating (any may match). */
  secret: string | readonly string[];
  /** Oldest signature accepted, in seconds (default 300): an older one may be a replay. */
  toleranceSeconds?: number;
  /** The clock, in ms (tests pass a fixed one). */
  now?: number;
}

export type WebhookVerification =
  | { ok: true; event: WebhookEvent; timestamp: number }
  | { ok: false; reason: 'malformed-signature' | 'signature-mismatch' | 'expired' | 'malformed-body' };

const HEADER = /^t=(\d+),v1=([0-9a-f]{64})$/i;
const encoder = new TextEncoder();

function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function signedBytes(timestamp: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${timestamp}.`);
  const raw = typeof body === 'string' ? encoder.encode(body) : body;
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix);
  out.set(raw, prefix.length);
  return out;
}

async function matches(secret: string, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>) {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify('HMAC', key, signature, data);
}

/** Checks the signature and its age, then parses the event. Never throws for a bad webhook. */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<WebhookVerification> {
  const parts = HEADER.exec(options.signature?.trim() ?? '');
  if (!parts) return { ok: false, reason: 'malformed-signature' };
  const [, t, v1] = parts as unknown as [string, string, string];
  const data = signedBytes(t, options.body);
  const signature = hexBytes(v1);
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  // Every secret is tried, so the time taken does not tell which one matched.
  const results = await Promise.all(secrets.map((secret) => matches(secret, signature, data)));
  if (!results.includes(true)) return { ok: false, reason: 'signature-mismatch' };
  const timestamp = Number(t);
  const age = (options.now ?? Date.now()) / 1000 - timestamp;
  if (Math.abs(age) > (options.toleranceSeconds ?? 300)) return { ok: false, reason: 'expired' };
  const text = typeof options.body === 'string' ? options.body : new TextDecoder().decode(options.body);
  try {
    return { ok: true, event: JSON.parse(text) as WebhookEvent, timestamp };
  } catch {
    return { ok: false, reason: 'malformed-body' };
  }
}
