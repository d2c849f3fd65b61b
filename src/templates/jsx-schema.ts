// The variable schema of a JSX template, from the props its default export destructures and
// the types of their literal defaults.
import type { JsxProp } from './jsx/index.ts';
import type { TemplateVariable, VariableSchema } from './types.ts';

function typeOf(prop: JsxProp): TemplateVariable['type'] {
  const value = prop.default;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') {
    if (/^(https?:\/\/|data:image\/)/i.test(value)) return 'image';
    if (/^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(value) || /^(rgb|hsl)a?\(/i.test(value))
      return 'colour';
  }
  return 'text';
}

const scalar = (value: unknown): value is string | number | boolean =>
  ['string', 'number', 'boolean'].includes(typeof value);

export function jsxSchema(props: readonly JsxProp[]): VariableSchema {
  return {
    variables: props.map((prop) => ({
      name: prop.name,
      type: typeOf(prop),
      default: scalar(prop.default) ? prop.default : null,
      placeholder: '',
    })),
    // A template that reads `props` without destructuring has no known names.
    open: props.length === 0,
  };
}
