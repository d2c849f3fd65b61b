// Turns schema errors (Ajv in Fastify, TypeBox's Value.Errors in the CLI) into one
// VALIDATION_FAILED error whose message names each field, what is allowed and what was received.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import { describeValue, PlacardError } from '../errors/placard-error.ts';

export interface FieldProblem {
  field: string;
  message: string;
  allowed?: string;
  received?: string;
}

function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return current;
}

/** What the schema allows, phrased to follow "must be". */
function allowedFor(keyword: string, params: Record<string, unknown>): string | undefined {
  switch (keyword) {
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `>= ${params.limit}`;
    case 'maximum':
      return `<= ${params.limit}`;
    case 'minLength':
      return `at least ${params.limit} characters long`;
    case 'maxLength':
      return `at most ${params.limit} characters long`;
    case 'type':
      return `of type ${params.type}`;
    default:
      return undefined;
  }
}

function toProblem(error: FastifySchemaValidationError, prefix: string, root: unknown): FieldProblem {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    const field = `${prefix}.${String(params.missingProperty)}`;
    return { field, message: `${field} is required` };
  }
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
    const field = [prefix, path, String(params.additionalProperty)].filter(Boolean).join('.');
    return { field, message: `${field} is not a known field`, allowed: 'only the documented fields' };
  }
  const field = [prefix, path].filter(Boolean).join('.');
  const allowed = allowedFor(error.keyword, params);
  const received = describeValue(valueAt(root, error.instancePath));
  const rule = allowed ? `must be ${allowed}` : (error.message ?? 'is invalid');
  const message = `${field} ${rule}; received: ${received}`;
  return { field, message, allowed, received };
}

export function problemsError(problems: FieldProblem[]): PlacardError {
  return new PlacardError('VALIDATION_FAILED', problems.map((p) => p.message).join('. '), {
    details: { errors: problems },
  });
}

/** Where Fastify's validation context (body, querystring, params, headers) lives on the request. */
function partOf(request: FastifyRequest, context: string): unknown {
  switch (context) {
    case 'body':
      return request.body;
    case 'querystring':
      return request.query;
    case 'params':
      return request.params;
    case 'headers':
      return request.headers;
    default:
      return (request as unknown as Record<string, unknown>)[context];
  }
}

export function validationError(
  errors: FastifySchemaValidationError[],
  context: string,
  request: FastifyRequest,
): PlacardError {
  return problemsError(errors.map((e) => toProblem(e, context, partOf(request, context))));
}

// Bodies are JSON, so types are strict ("width": "100" is a wrong type); query strings and
// path parameters are always text, so those are coerced ("?limit=2" is the number 2).
// Every problem is reported at once. The CLI validates its options with the body rules.
const options = { allErrors: true, removeAdditional: false, strict: false } as const;
const ajv = new Ajv({ ...options, coerceTypes: false, useDefaults: false });
const coercingAjv = new Ajv({ ...options, coerceTypes: true, useDefaults: true });

/** Fastify's validator compiler: strict for bodies, coercing for the text parts of a URL. */
export function compileValidator({
  schema,
  httpPart,
}: {
  schema: TSchema;
  httpPart?: string;
}): ValidateFunction {
  return httpPart === 'body' ? passingOnce(ajv.compile(schema)) : coercingAjv.compile(schema);
}

/**
 * A body validator that checks a frozen body once: a body sent again is the same frozen object
 * (src/http/repeated-bodies.ts), and strict validation neither changes it nor depends on
 * anything else, so its verdict stands (~1.5 µs of a 304). Failures are checked every time.
 */
function passingOnce(validate: ValidateFunction): ValidateFunction {
  const passed = new WeakSet<object>();
  const check = ((data: unknown) => {
    const kept = typeof data === 'object' && data !== null && Object.isFrozen(data);
    if (kept && passed.has(data)) {
      check.errors = null;
      return true;
    }
    const valid = validate(data);
    check.errors = validate.errors;
    if (valid && kept) passed.add(data);
    return valid;
  }) as ValidateFunction;
  return Object.assign(check, { schema: validate.schema, schemaEnv: validate.schemaEnv });
}

const compiled = new WeakMap<TSchema, ValidateFunction>();

/** Validates outside Fastify (CLI) with the same schemas and the same messages. */
export function assertValid<T>(schema: TSchema, value: unknown, prefix: string): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return value as T;
  const errors = (validate.errors ?? []) as FastifySchemaValidationError[];
  throw problemsError(errors.map((e) => toProblem(e, prefix, value)));
}
