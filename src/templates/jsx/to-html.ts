// Turns the element tree a template returned (JSON from the sandbox, so untrusted) into the
// HTML fragment engines parse. Every tag and attribute name is checked and every value
// escaped here: the sandbox output is never pasted into HTML as it came.
import { PlacardError } from '../../errors/placard-error.ts';
import { styleToCss } from './style.ts';
import { fragmentType } from './types.ts';

/** Deeper trees are refused rather than risk the host's stack. */
export const maxTreeDepth = 1000;

const voidTags = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
// Elements that run code or load other pages mean nothing in an image, and a browser engine
// would act on them: they are left out with everything inside them.
const droppedTags = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'noscript']);
const tagName = /^[a-zA-Z][a-zA-Z0-9-]*$/;
const attributeName = /^[a-zA-Z_][a-zA-Z0-9_.:-]*$/;
const renamed: Record<string, string> = {
  className: 'class',
  htmlFor: 'for',
  xlinkHref: 'xlink:href',
  strokeWidth: 'stroke-width',
  strokeLinecap: 'stroke-linecap',
  strokeLinejoin: 'stroke-linejoin',
  strokeDasharray: 'stroke-dasharray',
  strokeOpacity: 'stroke-opacity',
  fillOpacity: 'fill-opacity',
  fillRule: 'fill-rule',
  clipRule: 'clip-rule',
  clipPath: 'clip-path',
  stopColor: 'stop-color',
  stopOpacity: 'stop-opacity',
  textAnchor: 'text-anchor',
  dominantBaseline: 'dominant-baseline',
};
// Not attributes (React props with meaning of their own), or not supported on purpose.
const skippedProps = new Set(['children', 'key', 'ref', 'dangerouslySetInnerHTML']);

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

function invalid(message: string, received: unknown): PlacardError {
  const shown = typeof received === 'string' ? JSON.stringify(received.slice(0, 60)) : typeof received;
  return new PlacardError(
    'TEMPLATE_RUNTIME_ERROR',
    `Template returned an invalid element: ${message}; received ${shown}.`,
  );
}

function attributes(props: Record<string, unknown>): string {
  let out = '';
  // `tw` (the prop @vercel/og users write Tailwind classes in) joins the class attribute.
  const tw = typeof props.tw === 'string' && props.tw.trim() !== '' ? props.tw : undefined;
  const classProp = ['className', 'class'].find((name) => typeof props[name] === 'string');
  if (tw && !classProp) out += ` class="${escapeAttribute(tw)}"`;
  for (const [name, prop] of Object.entries(props)) {
    if (name === 'tw' || skippedProps.has(name) || /^on[A-Z]/i.test(name) || !attributeName.test(name))
      continue;
    const value = tw && name === classProp ? `${String(prop)} ${tw}` : prop;
    const attribute = renamed[name] ?? name;
    if (name === 'style') {
      const css = styleToCss(value);
      if (css !== undefined) out += ` style="${escapeAttribute(css)}"`;
    } else if (value === true) {
      out += ` ${attribute}`;
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      out += ` ${attribute}="${escapeAttribute(String(value))}"`;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function childrenOf(value: Record<string, unknown>): unknown[] {
  const { children } = value;
  if (children === undefined) return [];
  if (!Array.isArray(children)) throw invalid('children must be an array', children);
  return children;
}

// <style> holds raw CSS (escaping would break `a > b`); only a closing tag could end it early.
function rawText(children: unknown[]): string {
  return children
    .filter((child): child is string => typeof child === 'string')
    .join('')
    .replace(/<\/(style)/gi, '<\\/$1');
}

function render(node: unknown, depth: number, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeText(node));
    return;
  }
  if (!isRecord(node) || typeof node.type !== 'string')
    throw invalid('a node must be text or an element', node);
  if (depth > maxTreeDepth) throw invalid(`elements may nest at most ${maxTreeDepth} deep`, node.type);
  const children = childrenOf(node);
  if (node.type === fragmentType) {
    for (const child of children) render(child, depth + 1, out);
    return;
  }
  const tag = node.type;
  if (!tagName.test(tag))
    throw invalid('a tag name must be letters, digits and dashes, starting with a letter', tag);
  if (droppedTags.has(tag.toLowerCase())) return;
  out.push(`<${tag}${attributes(isRecord(node.props) ? node.props : {})}>`);
  if (voidTags.has(tag.toLowerCase())) return;
  if (tag.toLowerCase() === 'style') out.push(rawText(children));
  else for (const child of children) render(child, depth + 1, out);
  out.push(`</${tag}>`);
}

/** HTML for an element tree as serialised by the sandbox runtime (see runtime-source.ts). */
export function toHtml(tree: unknown): string {
  const out: string[] = [];
  render(tree, 0, out);
  return out.join('');
}
