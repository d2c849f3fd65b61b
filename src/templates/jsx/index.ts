// The JSX template kind: compile once on save, run per render in a QuickJS sandbox.
export { compileJsx, defaultCompileLimits, defaultMaxSourceBytes } from './compile.ts';
export { createJsxSandbox } from './sandbox.ts';
export { toHtml } from './to-html.ts';
export { styleToCss } from './style.ts';
export type {
  CompiledJsx,
  CompileJsxOptions,
  JsxElement,
  JsxNode,
  JsxOptions,
  JsxProp,
  JsxSandbox,
  JsxSandboxLimits,
  JsxSandboxOptions,
} from './types.ts';
