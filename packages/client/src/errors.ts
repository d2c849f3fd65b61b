// The one error every API call throws: Placard's error envelope ({ error: { code, message,
// docs, details } }) with the HTTP status, so callers branch on a stable `code`.

export class PlacardApiError extends Error {
  override readonly name = 'PlacardApiError';
  /** Stable code from the server's registry (VALIDATION_FAILED, RATE_LIMITED, ...). */
  readonly code: string;
  /** HTTP status of the reply. */
  readonly status: number;
  /** Extra facts the server gave (details.errors lists every validation problem). */
  readonly details: Record<string, unknown>;
  /** Link to the code's documentation, when the server sent one. */
  readonly docs: string | undefined;
  /** Seconds the server asked to wait (Retry-After), when it did. */
  readonly retryAfter: number | undefined;

  constructor(
    init: {
      code: string;
      message: string;
      status: number;
      details?: Record<string, unknown>;
      docs?: string;
      retryAfter?: number;
    },
    options?: { cause?: unknown },
  ) {
    super(init.message, options);
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? {};
    this.docs = init.docs;
    this.retryAfter = init.retryAfter;
  }
}

/** Retry-After as seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The error for a reply that is not 2xx, from its body as openapi-fetch read it (parsed JSON, or
 * text when it was not JSON). A reply without Placard's envelope (a proxy's HTML page, say) is
 * still a PlacardApiError, with code UNEXPECTED_RESPONSE and the body's start. Also for `raw` calls:
 * `const { error, response } = await client.raw.GET(...); if (!response.ok) throw toApiError(error, response)`.
 */
export function toApiError(body: unknown, response: Response): PlacardApiError {
  const envelope = (body as { error?: Record<string, unknown> } | null)?.error;
  const retryAfter = retryAfterSeconds(response.headers);
  if (typeof envelope?.code === 'string' && typeof envelope.message === 'string') {
    return new PlacardApiError({
      code: envelope.code,
      message: envelope.message,
      status: response.status,
      docs: typeof envelope.docs === 'string' ? envelope.docs : undefined,
      details: (envelope.details as Record<string, unknown> | undefined) ?? {},
      retryAfter,
    });
  }
  const text = typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new PlacardApiError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Placard answered ${response.status} without an error envelope: ${JSON.stringify(shown)}`,
    status: response.status,
    retryAfter,
  });
}
