// The one error every API call throws: Placard's error envelope ({ error: { code, message,
// docs, details } }) with the HTTP status, so callers branch on a stable `code`.

export interface ErrorEnvelope {
  error: { code: string; message: string; docs?: string; details?: Record<string, unknown> };
}

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

function isEnvelope(value: unknown): value is ErrorEnvelope {
  const error = (value as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * The error for a reply that is not 2xx. A reply without Placard's envelope (a proxy's HTML
 * page, say) still becomes a PlacardApiError, with code UNEXPECTED_RESPONSE and the body's start.
 */
export async function errorFromResponse(response: Response): Promise<PlacardApiError> {
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const retryAfter = retryAfterSeconds(response.headers);
  if (isEnvelope(parsed)) {
    const { code, message, docs, details } = parsed.error;
    return new PlacardApiError({ code, message, status: response.status, docs, details, retryAfter });
  }
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return new PlacardApiError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Placard answered ${response.status} ${response.statusText} without an error envelope: ${JSON.stringify(shown)}`,
    status: response.status,
    retryAfter,
  });
}
