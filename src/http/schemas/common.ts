// Schemas shared by routes: the error envelope and string enums that validate with a clear
// "must be one of" message (TypeBox unions would report every branch instead).
import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { errorCodes } from '../../core/error-codes.ts';

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
