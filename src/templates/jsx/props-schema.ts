// Derives a JSX template's variable schema from its default export: the props it
// destructures (with literal defaults), or the `props.x` it reads when it does not.
// Static analysis only: a default that needs code to compute (`new Date()`) is left out.
import type { AnyNode, Expression, Function as FunctionNode, Pattern, Property, SpreadElement } from 'acorn';
import { walk } from './analyse.ts';
import type { JsxProp } from './types.ts';

type Static = { ok: true; value: unknown } | { ok: false };
const notStatic: Static = { ok: false };

function keyName(property: Property | AnyNode): string | undefined {
  if (property.type !== 'Property' || property.computed) return undefined;
  const { key } = property;
  if (key.type === 'Identifier') return key.name;
  return key.type === 'Literal' && typeof key.value === 'string' ? key.value : undefined;
}

function staticList(items: (Expression | SpreadElement | null)[]): Static {
  const values: unknown[] = [];
  for (const item of items) {
    if (!item || item.type === 'SpreadElement') return notStatic;
    const value = staticValue(item);
    if (!value.ok) return notStatic;
    values.push(value.value);
  }
  return { ok: true, value: values };
}

/** The value of a literal expression: strings, numbers, booleans, null, arrays and objects of those. */
export function staticValue(node: Expression): Static {
  switch (node.type) {
    case 'Literal':
      return 'regex' in node || 'bigint' in node ? notStatic : { ok: true, value: node.value };
    case 'TemplateLiteral':
      return node.expressions.length === 0
        ? { ok: true, value: node.quasis[0]?.value.cooked ?? '' }
        : notStatic;
    case 'UnaryExpression': {
      const inner = node.operator === '-' || node.operator === '+' ? staticValue(node.argument) : notStatic;
      if (!inner.ok || typeof inner.value !== 'number') return notStatic;
      return { ok: true, value: node.operator === '-' ? -inner.value : inner.value };
    }
    case 'ArrayExpression':
      return staticList(node.elements);
    case 'ObjectExpression': {
      const entries: [string, unknown][] = [];
      for (const property of node.properties) {
        const name = keyName(property);
        if (name === undefined || property.type !== 'Property' || property.kind !== 'init' || property.method)
          return notStatic;
        const value = staticValue(property.value);
        if (!value.ok) return notStatic;
        entries.push([name, value.value]);
      }
      return { ok: true, value: Object.fromEntries(entries) };
    }
    default:
      return notStatic;
  }
}

class Collector {
  readonly props = new Map<string, JsxProp>();
  private readonly seen = new Set<string>();
  constructor(private readonly body: AnyNode) {}

  add(name: string, fallback?: Expression): void {
    const value = fallback ? staticValue(fallback) : notStatic;
    const known = this.props.get(name);
    if (known && (known.default !== undefined || !value.ok)) return;
    this.props.set(name, value.ok ? { name, default: value.value } : { name });
  }

  /** `{ a, b = 1, c: { d }, ...rest }`: a, b (default 1), c, and whatever `rest.x` reads. */
  pattern(node: Pattern): void {
    if (node.type === 'AssignmentPattern') return this.pattern(node.left);
    if (node.type === 'Identifier') return this.uses(node.name);
    if (node.type !== 'ObjectPattern') return;
    for (const property of node.properties) {
      if (property.type === 'RestElement') {
        if (property.argument.type === 'Identifier') this.uses(property.argument.name);
        continue;
      }
      const name = keyName(property);
      if (name === undefined) continue;
      this.add(name, property.value.type === 'AssignmentPattern' ? property.value.right : undefined);
    }
  }

  /** `props.a`, `props['b']` and `const { c = 2 } = props` anywhere in the function body. */
  uses(object: string): void {
    // `const { ...p } = p` would otherwise look at the same name forever.
    if (this.seen.has(object)) return;
    this.seen.add(object);
    for (const node of walk(this.body)) {
      if (
        node.type === 'MemberExpression' &&
        node.object.type === 'Identifier' &&
        node.object.name === object
      ) {
        const { property } = node;
        if (!node.computed && property.type === 'Identifier') this.add(property.name);
        else if (property.type === 'Literal' && typeof property.value === 'string') this.add(property.value);
      } else if (
        node.type === 'VariableDeclarator' &&
        node.init?.type === 'Identifier' &&
        node.init.name === object
      ) {
        if (node.id.type === 'ObjectPattern') this.pattern(node.id);
      }
    }
  }
}

/** The props of `fn`'s first parameter, in the order the template names them. */
export function deriveProps(fn: FunctionNode): JsxProp[] {
  const param = fn.params[0];
  if (!param) return [];
  const collector = new Collector(fn.body);
  collector.pattern(param);
  return [...collector.props.values()];
}
