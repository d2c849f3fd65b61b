// Turns TypeBox validation errors into field problems whose messages name the field, what is
// allowed and what was received, and gathers them into one VALIDATION_FAILED error.
import type { TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { describeValue, PlacardError } from '../../errors/placard-error.ts';

export interface FieldProblem {
  field: string;
  message: string;
  allowed?: string;
  received?: string;
}

/** At most this many problems are reported at once; the rest would only bury the first. */
const MAX_PROBLEMS = 20;

/** `/elements/3/fontSize` under prefix `doc` → `doc.elements[3].fontSize`. */
export function fieldName(prefix: string, pointer: string): string {
  let field = prefix;
  for (const part of pointer.split('/').filter(Boolean)) {
    field += /^\d+$/.test(part) ? `[${part}]` : field ? `.${part}` : part;
  }
  return field;
}

/** What a schema accepts, in words: schemas may say it themselves with `allowed`. */
export function allowedBy(schema: TSchema): string | undefined {
  const s = schema as Record<string, unknown>;
  if (typeof s.allowed === 'string') return s.allowed;
  if (Array.isArray(s.anyOf) && s.anyOf.every((option: Record<string, unknown>) => 'const' in option)) {
    return `one of ${s.anyOf.map((option: Record<string, unknown>) => JSON.stringify(option.const)).join(', ')}`;
  }
  if (s.type === 'number' || s.type === 'integer') {
    const kind = s.type === 'integer' ? 'an integer' : 'a number';
    if (s.minimum !== undefined && s.maximum !== undefined)
      return `${kind} from ${s.minimum} to ${s.maximum}`;
    return kind;
  }
  if (s.type === 'string')
    return s.maxLength !== undefined ? `text of at most ${s.maxLength} characters` : 'text';
  if (s.type === 'array')
    return s.maxItems !== undefined ? `a list of at most ${s.maxItems} items` : 'a list';
  if (s.type === 'boolean') return 'true or false';
  if (s.type === 'object') return 'an object';
  return undefined;
}

function toProblem(error: ValueError, prefix: string): FieldProblem {
  const field = fieldName(prefix, error.path);
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    const allowed = allowedBy(error.schema);
    return { field, message: `${field} is required${allowed ? ` (${allowed})` : ''}`, allowed };
  }
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const known = Object.keys((error.schema as { properties?: object }).properties ?? {}).join(', ');
    return { field, message: `${field} is not a known field; allowed fields: ${known}`, allowed: known };
  }
  const allowed = allowedBy(error.schema) ?? error.message;
  const received = describeValue(error.value);
  return { field, message: `${field} must be ${allowed}; received ${received}`, allowed, received };
}

/** Every problem with `value` against `schema`, one per field, fields named under `prefix`. */
export function schemaProblems(schema: TSchema, value: unknown, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(schema, value)) {
    if (seen.has(error.path)) continue; // a missing field also fails its type check
    seen.add(error.path);
    problems.push(toProblem(error, prefix));
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return problems;
}

export function problemsError(problems: readonly FieldProblem[], what: string): PlacardError {
  const shown = problems.slice(0, MAX_PROBLEMS);
  return new PlacardError('VALIDATION_FAILED', `${what}: ${shown.map((p) => p.message).join('. ')}`, {
    details: { errors: shown },
  });
}
