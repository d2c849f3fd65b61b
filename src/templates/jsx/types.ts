// Types shared by the JSX template kind: what compiling a template yields, the sandbox that
// runs it, and the element tree that crosses from the sandbox to the host as JSON.
import type { OutputFormat } from '../../core/render-request.ts';
import type { RenderDocument } from '../../engines/types.ts';

/** `export const options = {...}` of a template: its defaults, overridden by a request. */
export interface JsxOptions {
  width?: number;
  height?: number;
  format?: OutputFormat;
  quality?: number;
  devicePixelRatio?: number;
}

/** One prop the default export reads, with its default when that is a literal. */
export interface JsxProp {
  name: string;
  default?: unknown;
}

/** A template compiled once when saved; `code` is a self-contained script for the sandbox. */
export interface CompiledJsx {
  code: string;
  options: JsxOptions;
  props: JsxProp[];
}

export interface JsxSandboxLimits {
  /** QuickJS heap limit for one render. */
  memoryBytes: number;
  /** Script time for one render; past ~1.5x this its worker thread is terminated. */
  timeoutMs: number;
}

export interface JsxSandboxOptions extends JsxSandboxLimits {
  /** Worker threads running templates in parallel (default: cores, at most 4). */
  workers?: number;
}

export interface CompileJsxOptions {
  /** Largest source accepted, in UTF-8 bytes (default 500 KB). */
  maxSourceBytes?: number;
  /** Limits for evaluating the module once at compile time to read `options`. */
  limits?: JsxSandboxLimits;
}

export interface JsxSandbox {
  /** Runs the template's default export with `props` in a fresh QuickJS runtime. */
  run(
    compiled: CompiledJsx | string,
    props: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<RenderDocument>;
  /** Starts the worker threads now (else the first renders wait ~0.2-0.5 s for them). */
  warm(): Promise<void>;
  /** Terminates the worker threads; later runs reject. */
  close(): void;
}

/** An element as serialised by the sandbox runtime; untrusted until `toHtml` checks it. */
export interface JsxElement {
  type: string;
  props: Record<string, unknown>;
  children: JsxNode[];
}

export type JsxNode = JsxElement | string;

/** Fragments (`<>...</>`) keep this type name in the serialised tree. */
export const fragmentType = '#fragment';
