// Schemas shared by routes: the error envelope and string enums that validate with a clear
// "must be one of" message (TypeBox unions would report every branch instead).
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { errorCodes } from '../../errors/codes.ts';
import { contentTypes } from '../../core/render-request.ts';

export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const ErrorEnvelope = Type.Object(
  {
    error: Type.Object({
      code: StringEnum(Object.keys(errorCodes)),
      message: Type.String(),
      docs: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorEnvelope', description: 'Every error, on every route.' },
);

export const errorResponses = (...statuses: number[]): Record<number, TSchema> =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('ErrorEnvelope')]));

/** OpenAPI security of every /v1 route: either header works. */
export const apiKeySecurity: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

/**
 * A reply whose body is the image bytes, declared per media type (image/png, image/jpeg,
 * image/webp, image/avif, application/pdf) so generated clients read binary, not JSON; with
 * `json`, also an application/json body (a stored render's URL). Fastify serializes by the
 * reply's content type and sends a Buffer as it is, so the image schemas never touch the bytes.
 */
export function imageResponse(description: string, json?: TSchema) {
  const binary = Type.String({ format: 'binary' });
  return {
    description,
    content: {
      ...Object.fromEntries(Object.values(contentTypes).map((type) => [type, { schema: binary }])),
      ...(json && { 'application/json': { schema: json } }),
    },
  };
}

/** 304 to a matching If-None-Match: no body. */
export const notModifiedResponse = Type.Null({
  description: 'Not Modified: If-None-Match named the current ETag; no body.',
});

/** Statuses every keyed route can answer besides its own: a bad key, the per-minute rate limit. */
export const keyedErrorStatuses = [401, 429] as const;

/** Adds the keyed statuses to a route schema that lists its responses (an onRoute hook). */
export function addKeyedErrorResponses(schema: { response?: unknown } | undefined): void {
  const response = schema?.response as Record<string, unknown> | undefined;
  if (!response) return;
  for (const status of keyedErrorStatuses) response[status] ??= Type.Ref('ErrorEnvelope');
}
