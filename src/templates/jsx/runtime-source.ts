// The JavaScript that runs inside the sandbox around a compiled template: the element factory
// the JSX compiles to, and a driver that calls the default export and serialises the tree.
// It is source text, not host code: nothing here can touch the host, and the host trusts
// nothing it returns (to-html.ts checks the tree again).
import { transformSync } from 'esbuild';
import { fragmentType } from './types.ts';

/** Names the compiled JSX calls; compile.ts passes them to esbuild as factory and fragment. */
export const jsxFactory = '__placard_h';
export const jsxFragment = '__placard_F';
/** esbuild's iife `globalName`: the compiled script assigns the module's exports to it. */
export const moduleName = '__placard_module';

// Intrinsics are captured before template code runs, so a template that replaces
// JSON.stringify can only spoil its own output. Results are a string: 'T' + JSON on success,
// 'E' + JSON {name, message} when the template threw (uncatchable interrupts skip the catch).
const runtimeSource = `(() => {
  const stringify = JSON.stringify, parse = JSON.parse, isArray = Array.isArray, keys = Object.keys;
  const ELEMENT = Symbol('placard.element');
  const FRAGMENT = ${JSON.stringify(fragmentType)};
  class ContractError extends Error {}
  ContractError.prototype.name = 'PlacardContractError';
  const describe = (v) => {
    if (v === null || v === undefined) return String(v);
    if (typeof v === 'string') return 'a string ' + stringify(v.length > 40 ? v.slice(0, 40) + '...' : v);
    if (typeof v === 'function') return 'a function';
    if (typeof v !== 'object') return 'the ' + typeof v + ' ' + String(v);
    if (isArray(v)) return 'an array of ' + v.length + ' items (wrap them in <>...</>)';
    if (typeof v.then === 'function') return 'a Promise (async templates are not supported)';
    return 'an object with keys ' + (keys(v).slice(0, 5).join(', ') || '(none)');
  };
  const isElement = (v) => v !== null && typeof v === 'object' && v.$$typeof === ELEMENT;
  const flatten = (items, out) => {
    for (const item of items) {
      if (item === null || item === undefined || typeof item === 'boolean') continue;
      if (typeof item === 'string') out.push(item);
      else if (typeof item === 'number' || typeof item === 'bigint') out.push(String(item));
      else if (isArray(item)) flatten(item, out);
      else if (!isElement(item)) throw new ContractError('a child must be an element, text, a number, an array, a boolean, null or undefined; received ' + describe(item));
      else if (item.type === FRAGMENT) flatten(item.children, out);
      else out.push(item);
    }
    return out;
  };
  const h = (type, props, ...children) => {
    const given = props === null || props === undefined ? {} : props;
    if (typeof type === 'function') {
      const merged = {};
      for (const k of keys(given)) merged[k] = given[k];
      if (children.length === 1) merged.children = children[0];
      else if (children.length > 1) merged.children = children;
      return type(merged);
    }
    if (typeof type !== 'string') throw new ContractError('an element type must be a tag name such as "div" or a component function; received ' + describe(type));
    const own = children.length > 0 ? children : given.children === undefined ? [] : [given.children];
    const attrs = {};
    for (const k of keys(given)) if (k !== 'children' && k !== 'key' && k !== 'ref') attrs[k] = given[k];
    return { $$typeof: ELEMENT, type, props: attrs, children: flatten(own, []) };
  };
  const render = (mod, propsJson) => {
    const component = mod === null || mod === undefined ? undefined : mod.default;
    if (typeof component !== 'function') throw new ContractError('the default export must be a function (export default function Template(props) {...}); received ' + describe(component));
    const tree = component(parse(propsJson));
    if (!isElement(tree)) throw new ContractError('the default export must return an element such as <div>...</div>; received ' + describe(tree));
    return stringify(tree);
  };
  const inspect = (mod) => stringify({ defaultType: typeof (mod && mod.default), options: mod && mod.options });
  const guard = (run) => {
    try {
      return 'T' + run();
    } catch (e) {
      let name = 'thrown value', message = '';
      try {
        const isObject = e !== null && (typeof e === 'object' || typeof e === 'function');
        name = isObject ? String(e.name) : name;
        message = isObject ? String(e.message) : String(e);
      } catch (_) {
        message = 'a value that could not be described';
      }
      return 'E' + stringify({ name, message: message.slice(0, 1000) });
    }
  };
  return { h, F: FRAGMENT, render, inspect, guard };
})()`;

// QuickJS compiles every script it is given, per render; measured, the minified runtime
// compiles in ~0.45 ms against ~0.7 ms as written. Minified once, on first use.
let prelude: string | undefined;
function getPrelude(): string {
  if (prelude === undefined) {
    const minified = transformSync(runtimeSource, { minify: true, target: 'es2020' })
      .code.trim()
      .replace(/;$/, '');
    prelude = `const __placard = ${minified};
const ${jsxFactory} = __placard.h, ${jsxFragment} = __placard.F;
const React = { createElement: __placard.h, Fragment: __placard.F };`;
  }
  return prelude;
}

/** Wraps a compiled template so that the whole script's value is the result string. */
function wrap(code: string, finish: string): string {
  // The template sits in a function scope of its own, so its top-level names can neither
  // clash with the prelude's nor land on the global object.
  return `(() => {${getPrelude()}\nreturn __placard.guard(() => {\n${code}\n;return ${finish};\n});\n})()`;
}

/** The script for one render: props enter as a JSON string literal, parsed in the sandbox. */
export function renderScript(code: string, propsJson: string): string {
  return wrap(code, `__placard.render(${moduleName}, ${JSON.stringify(propsJson)})`);
}

/** The script run once at compile time: reads `options` and the type of the default export. */
export function inspectScript(code: string): string {
  return wrap(code, `__placard.inspect(${moduleName})`);
}
