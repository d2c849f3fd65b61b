// Derives the variable schema of an HTML + Handlebars template from its syntax tree: every
// top-level name it reads, typed by where it is used (an <img src> or CSS url() is an image,
// a colour property is a colour, anything else is text).
import Handlebars from 'handlebars';
import type { TemplateVariable } from '../types.ts';

type Node = hbs.AST.Node;

export interface HtmlSchema {
  variables: TemplateVariable[];
  /** True when the template reads names that cannot be known ahead (lookup, @root): accept any. */
  open: boolean;
}

const CONTEXT_BLOCKS = new Set(['each', 'with']);
const COLOUR_PROPERTY =
  /(?:^|[\s;{"'])(?:color|background(?:-color)?|border(?:-[a-z]+)?-color|fill|stroke|accent-color)\s*:\s*$/i;
const IMAGE_POSITION = /(?:\bsrc\s*=\s*["']?|url\(\s*["']?)$/i;

function typeAt(source: string, offset: number): TemplateVariable['type'] {
  const before = source.slice(Math.max(0, offset - 80), offset);
  if (IMAGE_POSITION.test(before)) return 'image';
  if (COLOUR_PROPERTY.test(before)) return 'colour';
  return 'text';
}

/** Character offset of a 1-based line / 0-based column. */
function offsetOf(lineStarts: number[], loc: hbs.AST.SourceLocation | undefined): number {
  if (!loc) return 0;
  return (lineStarts[loc.start.line - 1] ?? 0) + loc.start.column;
}

/** `ast` saves a second parse when the caller has one. */
export function deriveHtmlSchema(
  source: string,
  ast: hbs.AST.Program = Handlebars.parse(source),
): HtmlSchema {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const found = new Map<string, TemplateVariable>();
  let open = false;

  const addPath = (path: hbs.AST.PathExpression, at: number, depth: number) => {
    if (path.data) {
      if (path.parts[0] === 'root') open = true;
      return;
    }
    const head = path.parts[0];
    if (depth > 0 || head === undefined || path.original.startsWith('this') || path.original.startsWith('..'))
      return;
    const type = typeAt(source, at);
    const known = found.get(head);
    if (!known || (known.type === 'text' && type !== 'text' && path.parts.length === 1)) {
      found.set(head, {
        name: head,
        type: path.parts.length > 1 ? 'text' : type,
        default: null,
        placeholder: '',
      });
    }
  };

  const visitParams = (params: hbs.AST.Expression[], at: number, depth: number) => {
    for (const param of params) visit(param, depth, at);
  };

  function visit(node: Node, depth: number, at = offsetOf(lineStarts, node.loc)): void {
    switch (node.type) {
      case 'Program':
        for (const statement of (node as hbs.AST.Program).body) visit(statement, depth);
        return;
      case 'MustacheStatement':
      case 'SubExpression': {
        const m = node as hbs.AST.MustacheStatement;
        const path = m.path as hbs.AST.PathExpression;
        const isHelper =
          m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
        if (path.type === 'PathExpression' && !isHelper) addPath(path, at, depth);
        if (path.type === 'PathExpression' && path.original === 'lookup') open = true;
        visitParams(m.params, at, depth);
        for (const pair of m.hash?.pairs ?? []) visit(pair.value, depth, at);
        return;
      }
      case 'BlockStatement': {
        const b = node as hbs.AST.BlockStatement;
        const name = (b.path as hbs.AST.PathExpression).original;
        if (b.params.length === 0) addPath(b.path as hbs.AST.PathExpression, at, depth);
        visitParams(b.params, at, depth);
        const inner = CONTEXT_BLOCKS.has(name) ? depth + 1 : depth;
        if (b.program) visit(b.program, inner);
        if (b.inverse) visit(b.inverse, depth);
        return;
      }
      case 'PathExpression':
        addPath(node as hbs.AST.PathExpression, at, depth);
        return;
      default:
        return;
    }
  }

  visit(ast, 0);
  return { variables: [...found.values()], open };
}
