// The one error class: a stable code, its HTTP status, a public message and the cause.
import { errorCodes, type ErrorCode } from './codes.ts';

export interface PlacardErrorOptions {
  cause?: unknown;
  /** Extra machine-readable facts (the field, what is allowed, what was received). */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. Retry-After for SERVER_BUSY. */
  headers?: Record<string, string>;
}

export class PlacardError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, message: string, options: PlacardErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'PlacardError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function isPlacardError(error: unknown): error is PlacardError {
  return error instanceof PlacardError;
}

/** Shortens a received value for an error message, so a 500 KB template never echoes back whole. */
export function describeValue(value: unknown, max = 80): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deep for JSON.stringify's stack (a body of 30 000 brackets): name it instead,
    // or the 400 being built would become a 500.
    text = Array.isArray(value) ? 'an array nested too deep to show' : 'an object nested too deep to show';
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** VALIDATION_FAILED for one field: what was wrong, what is allowed, what was received. */
export function invalidField(field: string, problem: string, allowed: string, received: unknown) {
  const shown = describeValue(received);
  const message = `${field} ${problem}; allowed: ${allowed}; received: ${shown}`;
  return new PlacardError('VALIDATION_FAILED', message, { details: { field, allowed, received: shown } });
}
