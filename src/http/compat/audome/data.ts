// Audome's render data onto a template's variables. Audome keys values `<key>.text` and
// `<key>.img`: an elements template names its variables exactly so; an HTML, JSX or preset
// template names them `<key>`, so the suffix is dropped for those. Image values must be public
// https URLs (the fetch guard then refuses private addresses). Unknown keys are refused with
// the keys the project has, unless the template reads names that cannot be known ahead.
import { describeValue } from '../../../errors/placard-error.ts';
import type { TemplateVariable, VariableSchema } from '../../../templates/types.ts';
import { problemsError, type FieldProblem } from '../../validation.ts';

const SUFFIX = /^(.+)\.(text|img)$/;

/** The variable `key` sets: itself, itself without its suffix, or a bare key's `.text` layer. */
function targetOf(key: string, names: ReadonlyMap<string, TemplateVariable>): string | undefined {
  if (names.has(key)) return key;
  const base = SUFFIX.exec(key)?.[1];
  if (base !== undefined && names.has(base)) return base;
  if (names.has(`${key}.text`)) return `${key}.text`;
  return undefined;
}

function isHttpsUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  return new URL(value).protocol === 'https:';
}

/** The keys to offer in an error: what the project's elements are called in Audome. */
export const dataKeyOf = (variable: TemplateVariable): string =>
  SUFFIX.test(variable.name)
    ? variable.name
    : `${variable.name}.${variable.type === 'image' ? 'img' : 'text'}`;

export function audomeVariables(
  data: Record<string, unknown>,
  schema: VariableSchema,
): Record<string, unknown> {
  const names = new Map(schema.variables.map((v) => [v.name, v]));
  const variables: Record<string, unknown> = {};
  const problems: FieldProblem[] = [];
  const allowed = schema.variables.map(dataKeyOf).join(', ') || 'none: the project has no dynamic elements';
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    const field = `data.${key}`;
    const received = describeValue(value);
    const target = targetOf(key, names);
    if (target === undefined && !schema.open) {
      problems.push({
        field,
        message: `${field} is not a dynamic element of this project; allowed: ${allowed}`,
        allowed,
      });
      continue;
    }
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      const expected = 'a string, number or boolean';
      problems.push({
        field,
        message: `${field} must be ${expected}; received: ${received}`,
        allowed: expected,
        received,
      });
      continue;
    }
    const isImage = key.endsWith('.img') || (target !== undefined && names.get(target)?.type === 'image');
    if (isImage && !isHttpsUrl(value)) {
      const expected = 'a public https URL';
      problems.push({
        field,
        message: `${field} must be ${expected}; received: ${received}`,
        allowed: expected,
        received,
      });
      continue;
    }
    variables[target ?? SUFFIX.exec(key)?.[1] ?? key] = value;
  }
  if (problems.length > 0) throw problemsError(problems);
  return variables;
}
