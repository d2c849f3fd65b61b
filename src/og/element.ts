// Turns what React.createElement / JSX produce ({ type, props }) into the HTML of the one
// intermediate form, without React at run time: function components (and memo, forwardRef,
// class components) are called here with their props, fragments are flattened, and the
// resulting tree goes through the same checked serialiser as sandboxed JSX templates.
// This is the caller's own code in the caller's own process, so it runs unsandboxed.
import { PlacardError } from '../errors/placard-error.ts';
import { toHtml } from '../templates/jsx/to-html.ts';
import { maxTreeDepth } from '../templates/jsx/to-html.ts';
import { fragmentType, type JsxElement, type JsxNode } from '../templates/jsx/types.ts';

const FRAGMENT = Symbol.for('react.fragment');
const FORWARD_REF = Symbol.for('react.forward_ref');
const MEMO = Symbol.for('react.memo');

type Props = Record<string, unknown> & { children?: unknown };
type Component = (props: Props) => unknown;
interface ElementLike {
  type: unknown;
  props: Props;
}

function invalid(message: string): PlacardError {
  return new PlacardError('VALIDATION_FAILED', `ImageResponse element: ${message}`);
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
}

const isElement = (value: object): value is ElementLike =>
  'type' in value && 'props' in value && typeof (value as { props: unknown }).props === 'object';

function isClassComponent(type: Component): boolean {
  return Boolean((type as { prototype?: { isReactComponent?: unknown } }).prototype?.isReactComponent);
}

/** Calls components until a host element (a tag name) or a fragment is left. */
function host(element: ElementLike, depth: number): unknown {
  const { type, props } = element;
  if (typeof type === 'function') {
    const component = type as Component;
    const rendered = isClassComponent(component)
      ? new (component as unknown as new (p: Props) => { render(): unknown })(props).render()
      : component(props);
    if (rendered && typeof (rendered as Promise<unknown>).then === 'function') {
      throw invalid(
        `component ${component.name || '(anonymous)'} returned a Promise; allowed: components that return elements synchronously (await data before new ImageResponse).`,
      );
    }
    return walk(rendered, depth + 1);
  }
  if (type !== null && typeof type === 'object') {
    const wrapper = type as { $$typeof?: symbol; render?: Component; type?: unknown };
    if (wrapper.$$typeof === FORWARD_REF && wrapper.render) return walk(wrapper.render(props), depth + 1);
    if (wrapper.$$typeof === MEMO) return walk({ type: wrapper.type, props }, depth + 1);
  }
  return undefined;
}

function walk(value: unknown, depth: number): JsxNode[] {
  if (depth > maxTreeDepth) throw invalid(`elements may nest at most ${maxTreeDepth} deep`);
  if (value === null || value === undefined || typeof value === 'boolean') return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
  if (Array.isArray(value)) return value.flatMap((child) => walk(child, depth + 1));
  if (typeof value !== 'object' || !isElement(value)) {
    throw invalid(
      `expected a React element, text, a number or an array of them; received ${describe(value)}.`,
    );
  }
  const { type, props } = value;
  if (type === FRAGMENT || type === fragmentType) return walk(props.children, depth + 1);
  if (typeof type === 'string') {
    const { children, tw, ...rest } = props;
    // `tw` (Tailwind classes, as in @vercel/og) joins className: bind compiles the classes.
    if (tw !== undefined && typeof tw !== 'string') {
      throw invalid(
        `the tw prop must be a string of Tailwind classes; received ${describe(tw)} on <${type}>.`,
      );
    }
    if (tw) rest.className = [rest.className, tw].filter((c) => typeof c === 'string' && c).join(' ');
    const element: JsxElement = { type, props: rest, children: walk(children, depth + 1) };
    return [element];
  }
  const rendered = host(value, depth);
  if (rendered !== undefined) return rendered as JsxNode[];
  throw invalid(
    `an element's type must be a tag name, a function component, a fragment, memo or forwardRef; received ${describe(type)}.`,
  );
}

/** The HTML of an element tree (a React element, or an array / text). */
export function elementToHtml(element: unknown): string {
  return walk(element, 0)
    .map((node) => toHtml(node))
    .join('');
}
