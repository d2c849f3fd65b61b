// Every dialect reads bodies as the native API does, whatever the instance it is mounted on
// configured: one message style for schema errors, and a text/plain body is a 415 rather than
// a string that reaches validation.
import type { FastifyInstance } from 'fastify';
import { compileValidator } from '../../validation.ts';

export function strictJsonBodies(scope: FastifyInstance): void {
  scope.setValidatorCompiler(compileValidator);
  if (scope.hasContentTypeParser('text/plain')) scope.removeContentTypeParser('text/plain');
}
