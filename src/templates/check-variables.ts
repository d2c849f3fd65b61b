// Checks render variables against a template's derived schema (for kinds whose binder does
// not check them itself: html and jsx). Unknown names and wrong types are a 400 that names
// each variable, what is allowed and what was received.
import { parse as parseColour } from 'culori';
import { describeValue, PlacardError } from '../errors/placard-error.ts';
import type { TemplateVariable, VariableSchema } from './types.ts';

interface Problem {
  field: string;
  message: string;
  allowed: string;
  received: string;
}

function typeProblem(variable: TemplateVariable, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined; // renders empty, like a missing one
  switch (variable.type) {
    case 'text':
      return ['string', 'number', 'boolean'].includes(typeof value) || typeof value === 'object'
        ? undefined
        : 'text';
    case 'image':
      return typeof value === 'string' && (value === '' || /^(https?:|data:image\/)/i.test(value))
        ? undefined
        : 'an http(s) URL or a data:image URL';
    case 'colour':
      return typeof value === 'string' && parseColour(value.trim()) ? undefined : 'a CSS colour';
    case 'number':
      return typeof value === 'number' ||
        (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        ? undefined
        : 'a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
  }
}

export function checkVariables(schema: VariableSchema, variables: Record<string, unknown>): void {
  const byName = new Map(schema.variables.map((v) => [v.name, v]));
  const problems: Problem[] = [];
  const names = schema.variables.map((v) => v.name).join(', ') || 'none';
  for (const [name, value] of Object.entries(variables)) {
    const field = `variables.${name}`;
    const variable = byName.get(name);
    if (!variable) {
      if (!schema.open) {
        const message = `${field} is not a variable of this template; allowed: ${names}`;
        problems.push({ field, message, allowed: names, received: name });
      }
      continue;
    }
    const expected = typeProblem(variable, value);
    if (expected) {
      const received = describeValue(value);
      problems.push({
        field,
        message: `${field} must be ${expected}; received: ${received}`,
        allowed: expected,
        received,
      });
    }
  }
  if (problems.length > 0) {
    throw new PlacardError('VALIDATION_FAILED', problems.map((p) => p.message).join('. '), {
      details: { errors: problems },
    });
  }
}

/**
 * The variable check a render of `template` will make, made ahead (minting a URL, queueing a
 * job) so a request that can only fail is refused now. html and jsx are checked against their
 * schema here; the elements and preset binders check their own when the image renders.
 */
export function checkVariablesAhead(
  template: { kind: string; schema: VariableSchema },
  variables: Record<string, unknown>,
): void {
  if (template.kind === 'html' || template.kind === 'jsx') checkVariables(template.schema, variables);
}
