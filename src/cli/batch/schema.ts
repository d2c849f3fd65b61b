// What the batch needs to know of the template's variables, asked once before the rows: which
// columns are only for --name (a `slug` the template does not declare is used for the file
// name and not sent, where the render would refuse it as unknown), and which declared
// variables without a default a row must not leave out.
import type { VariableSchema } from '../../templates/types.ts';

export interface RowPlan {
  /** Columns used only by --name: not sent to the template. */
  nameOnly: Set<string>;
  /** Declared variables that draw nothing without a value: a row that lacks one is refused. */
  required: Set<string>;
}

/** Names a Handlebars pattern reads: `{{slug}}`, `{{ user.name }}` (first segment). */
export function patternNames(pattern: string): string[] {
  return [...pattern.matchAll(/\{\{\s*([A-Za-z_][\w-]*)/g)].map((m) => m[1]!);
}

export function planRows(schema: VariableSchema, pattern: string): RowPlan {
  const declared = new Set(schema.variables.map((v) => v.name.split('.')[0]!));
  const nameOnly = new Set(schema.open ? [] : patternNames(pattern).filter((n) => !declared.has(n)));
  const required = new Set(
    schema.variables.filter((v) => v.default === null && !v.name.includes('.')).map((v) => v.name),
  );
  return { nameOnly, required };
}

/** The variables a row sends, or why it cannot be rendered. */
export function rowVariables(
  plan: RowPlan,
  columns: ReadonlySet<string>,
  variables: Record<string, unknown>,
): { variables: Record<string, unknown>; missing: string[] } {
  const missing = [...plan.required].filter((name) => columns.has(name) && !(name in variables));
  const sent = Object.fromEntries(Object.entries(variables).filter(([k]) => !plan.nameOnly.has(k)));
  return { variables: sent, missing };
}
