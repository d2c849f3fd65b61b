// Static checks on a template's JavaScript (esbuild's ESM output, types already stripped):
// find every way it could load a module, and find the function it exports as default.
import type { AnyNode, Function as FunctionNode, Node, Program } from 'acorn';

export interface ImportUse {
  /** What was imported, e.g. "react"; "import.meta" for that. */
  specifier: string;
  line: number;
  column: number;
}

function isNode(value: unknown): value is AnyNode {
  return (
    value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string'
  );
}

/** Every node under `root`, iteratively: a deeply nested template must not overflow our stack. */
export function* walk(root: Node): Generator<AnyNode> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isNode(node)) continue;
    yield node;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue;
      if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      else if (isNode(value)) stack.push(value);
    }
  }
}

function specifierOf(source: unknown): string {
  if (isNode(source) && source.type === 'Literal') return String(source.value);
  return 'a computed name';
}

export function findImports(program: Program): ImportUse[] {
  const found: ImportUse[] = [];
  for (const node of walk(program)) {
    let specifier: string | undefined;
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration')
      specifier = specifierOf(node.source);
    else if (node.type === 'ExportNamedDeclaration' && node.source) specifier = specifierOf(node.source);
    else if (node.type === 'ImportExpression') specifier = specifierOf(node.source);
    else if (node.type === 'MetaProperty' && node.meta.name === 'import') specifier = 'import.meta';
    if (specifier === undefined) continue;
    found.push({ specifier, line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1 });
  }
  return found;
}

function asFunction(node: AnyNode | null | undefined): FunctionNode | undefined {
  if (!node) return undefined;
  const functionTypes = ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'];
  return functionTypes.includes(node.type) ? (node as FunctionNode) : undefined;
}

/**
 * A top-level function or `const x = () => ...` named `name`, following `const y = x`
 * aliases (esbuild writes `export default Card` as `var stdin_default = Card`).
 */
function topLevelFunction(program: Program, name: string, hops = 0): FunctionNode | undefined {
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id.name === name) return declaration;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || declarator.id.name !== name) continue;
      const { init } = declarator;
      if (init?.type === 'Identifier' && hops < 8) return topLevelFunction(program, init.name, hops + 1);
      return asFunction(init);
    }
  }
  return undefined;
}

export type DefaultExport = { kind: 'none' } | { kind: 'function'; fn: FunctionNode } | { kind: 'other' };

/** esbuild writes `export default function T` as `function T ...; export { T as default }`. */
export function findDefaultExport(program: Program): DefaultExport {
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration') {
      const { declaration } = statement;
      const fn =
        declaration.type === 'Identifier'
          ? topLevelFunction(program, declaration.name)
          : asFunction(declaration as AnyNode);
      return fn ? { kind: 'function', fn } : { kind: 'other' };
    }
    if (statement.type !== 'ExportNamedDeclaration') continue;
    for (const specifier of statement.specifiers) {
      const exported =
        specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value);
      if (exported !== 'default' || specifier.local.type !== 'Identifier') continue;
      const fn = topLevelFunction(program, specifier.local.name);
      return fn ? { kind: 'function', fn } : { kind: 'other' };
    }
  }
  return { kind: 'none' };
}
