// Every error code Placard answers with, in one place, each with its HTTP status.
// Codes are part of the public API: never rename one, only add.

export const errorCodes = {
  VALIDATION_FAILED: { status: 400, summary: 'The request did not match the schema.' },
  INVALID_JSON: { status: 400, summary: 'The body is not valid JSON.' },
  TEMPLATE_COMPILE_FAILED: { status: 400, summary: 'The template could not be compiled.' },
  WEBHOOK_URL_REFUSED: {
    status: 400,
    summary: 'The webhook address is one the fetch guard refuses (not http(s), private, or unknown host).',
  },
  UNAUTHORIZED: { status: 401, summary: 'Missing or unknown API key.' },
  FORBIDDEN: { status: 403, summary: 'The key may not use this route.' },
  INVALID_SIGNATURE: { status: 403, summary: 'A signed URL whose signature does not match its parameters.' },
  URL_EXPIRED: { status: 410, summary: 'A signed URL past its expiry.' },
  NOT_FOUND: { status: 404, summary: 'No such route or resource.' },
  TEMPLATE_NOT_FOUND: { status: 404, summary: 'No such template in this account (or no such preset).' },
  METHOD_NOT_ALLOWED: { status: 405, summary: 'The route does not accept this method.' },
  PAYLOAD_TOO_LARGE: { status: 413, summary: 'The body is larger than allowed.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The body has a content type the route does not accept.' },
  ASSET_FETCH_FAILED: { status: 422, summary: 'An image the template uses could not be loaded.' },
  OUTPUT_TOO_LARGE: { status: 422, summary: 'The output would have more pixels than allowed.' },
  RENDER_FAILED: { status: 500, summary: 'The engine failed to draw the template.' },
  INTERNAL_ERROR: { status: 500, summary: 'An unexpected server error.' },
  NOT_READY: {
    status: 503,
    summary:
      'The node cannot serve yet: a dependency (database, Redis, blob store, Chromium) does not answer.',
  },
  SERVER_BUSY: {
    status: 503,
    summary:
      'The server is overloaded (render queue, image fetches or event loop); retry after the given delay.',
  },
  RENDER_TIMEOUT: { status: 504, summary: 'The render did not finish within timeout_ms.' },
  TEMPLATE_RUNTIME_ERROR: {
    status: 422,
    summary: 'The JSX template threw or returned something that is not an element.',
  },
  TEMPLATE_TIMEOUT: { status: 422, summary: 'The JSX template ran longer than its sandbox time limit.' },
  TEMPLATE_MEMORY_EXCEEDED: {
    status: 422,
    summary: 'The JSX template used more memory than its sandbox allows.',
  },
  RATE_LIMITED: { status: 429, summary: "Over the plan's requests per minute; retry after Retry-After." },
  QUOTA_EXCEEDED: { status: 429, summary: "The plan's monthly render quota is used up until next month." },
  INSUFFICIENT_CREDITS: { status: 402, summary: 'The credit balance is lower than the render costs.' },
  PLAN_REQUIRED: { status: 402, summary: "The feature is not in the account's plan." },
  AI_NOT_CONFIGURED: {
    status: 501,
    summary:
      'AI template generation is off: PLACARD_AI_BASE_URL, PLACARD_AI_API_KEY or PLACARD_AI_MODEL is not set.',
  },
  GENERATION_FAILED: {
    status: 502,
    summary: 'The AI gave no template that compiles and renders (after one retry), or its endpoint failed.',
  },
  FONT_INVALID: {
    status: 422,
    summary: 'The upload is not a TTF, OTF, WOFF or WOFF2 font, or it is damaged.',
  },
  FONT_TRUNCATED: { status: 422, summary: 'The font file is shorter than its own header says: it was cut.' },
  FONT_TOO_LARGE: { status: 413, summary: 'The font file is larger than PLACARD_MAX_FONT_BYTES.' },
  FONT_QUOTA_EXCEEDED: {
    status: 409,
    summary: "The account's fonts would pass PLACARD_FONT_QUOTA (files) or PLACARD_FONT_QUOTA_BYTES.",
  },
  FONT_EXISTS: {
    status: 409,
    summary: 'The account already has a font with this family, weight and style.',
  },
  FONT_NOT_FOUND: { status: 404, summary: 'No such font in this account.' },
  TAILWIND_THEME_INVALID: {
    status: 400,
    summary: 'The Tailwind theme is not CSS `@theme { ... }` blocks that the Tailwind compiler accepts.',
  },
  TAILWIND_THEME_TOO_LARGE: {
    status: 413,
    summary: 'The Tailwind theme is larger than PLACARD_MAX_TAILWIND_THEME_BYTES.',
  },
  TAILWIND_THEME_NOT_FOUND: { status: 404, summary: 'This account has no Tailwind theme.' },
  ENGINE_UNAVAILABLE: {
    status: 501,
    summary: 'The requested engine cannot run on this server (Chromium is not installed).',
  },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** Where the docs for a code live; the README has a section per code. */
export function docsUrl(code: ErrorCode): string {
  return `https://github.com/placard/placard#error-${code.toLowerCase().replaceAll('_', '-')}`;
}
