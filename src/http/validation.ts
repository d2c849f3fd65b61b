// Turns schema errors (Ajv in Fastify, TypeBox's Value.Errors in the CLI) into one
// VALIDATION_FAILED error whose message names each field, what is allowed and what was received.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describeValue, PlacardError } from '../core/errors.ts';

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

function allowedFor(keyword: string, params: Record<string, unknown>): string | undefined {
  switch (keyword) {
    case 'enum':
      return `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum':
      return `>= ${params.limit}`;
    case 'maximum':
      return `<= ${params.limit}`;
    case 'minLength':
      return `at least ${params.limit} characters`;
    case 'maxLength':
      return `at most ${params.limit} characters`;
    case 'type':
      return `a ${params.type}`;
    case 'additionalProperties':
      return 'only the documented fields';
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
  const message = `${field} ${error.message ?? 'is invalid'}${allowed ? `; allowed: ${allowed}` : ''}; received: ${received}`;
  return { field, message, allowed, received };
}

export function problemsError(problems: FieldProblem[]): PlacardError {
  return new PlacardError('VALIDATION_FAILED', problems.map((p) => p.message).join('. '), {
    details: { errors: problems },
  });
}

export function validationError(
  errors: FastifySchemaValidationError[],
  context: string,
  request: FastifyRequest,
): PlacardError {
  const root = context === 'body' ? request.body : (request as unknown as Record<string, unknown>)[context];
  return problemsError(errors.map((e) => toProblem(e, context, root)));
}

/** Validates outside Fastify (CLI) with the same schemas and the same messages. */
export function assertValid<T>(schema: TSchema, value: unknown, prefix: string): T {
  const errors = [...Value.Errors(schema, value)];
  if (errors.length === 0) return value as T;
  throw problemsError(
    errors.map((e) => {
      const field = [prefix, ...e.path.split('/').filter(Boolean)].join('.');
      return { field, message: `${field} ${e.message}; received: ${describeValue(e.value)}` };
    }),
  );
}
