// Draws a page with the node tree already serialized. Takumi's JS wrapper (`Renderer` in
// @takumi-rs/core) turns the tree into JSON on every call, testing every key and string as it
// goes (`toNativeSource`), and its native renderer parses that JSON off the main thread. A prepared
// document's tree is the same draw after draw, so its JSON is made once here, by the wrapper's own
// rules, and handed to the native renderer with the options the wrapper would have built. Where
// the native renderer cannot be reached (another Takumi build), draws go through the wrapper.
import type { ImageSource, Node, Renderer, RenderOptions } from '@takumi-rs/core';

type NativeRender = (source: string, options: object, signal?: AbortSignal) => Promise<Buffer>;

/** What a draw hands Takumi: the page, and the document tree inside it (the part kept as JSON). */
export interface DrawSource {
  page: Node;
  /** The prepared document's tree: its JSON is reused until a repair changes it. */
  node: Node;
  background: string;
}

// By tree, then by page background: the JSON of the whole page, or null where the wrapper would
// not send JSON either (it then hands over the objects themselves).
const pages = new WeakMap<Node, Map<string, string | null>>();

/** Forgets the JSON of a tree a repair just changed. */
export function forgetSource(node: Node): void {
  pages.delete(node);
}

export function createSourceRender(
  renderer: Renderer,
): (source: DrawSource, options: RenderOptions) => Promise<Buffer> {
  // `inner` is private in the wrapper's types, so it is checked, not trusted.
  const inner = (renderer as unknown as { inner?: { render?: NativeRender } }).inner;
  if (typeof inner?.render !== 'function') return (source, options) => renderer.render(source.page, options);
  const native = inner as { render: NativeRender };
  return async (source, options) => {
    const json = pageJson(source);
    const { signal, images, ...rest } = options as RenderOptions & { signal?: AbortSignal };
    // Lazy image loaders are the wrapper's to resolve.
    const loaded = images === undefined || Array.isArray(images) ? images : undefined;
    if (json === null || (images && !loaded) || loaded?.some((image) => typeof image.data === 'function')) {
      return renderer.render(source.page, options);
    }
    // As the wrapper's prepareRenderInput: the signal apart, images deduplicated by src.
    signal?.throwIfAborted();
    return native.render(json, { ...rest, images: loaded && uniqueImages(loaded as ImageSource[]) }, signal);
  };
}

function pageJson({ page, node, background }: DrawSource): string | null {
  let byBackground = pages.get(node);
  if (!byBackground) {
    byBackground = new Map();
    pages.set(node, byBackground);
  }
  let json = byBackground.get(background);
  if (json === undefined) {
    json = toJson(page);
    byBackground.set(background, json);
  }
  return json;
}

function uniqueImages(images: readonly ImageSource[]): ImageSource[] {
  const bySrc = new Map<string, ImageSource>();
  for (const image of images) bySrc.set(image.src, image);
  return [...bySrc.values()].map(({ src, data, cache }) => ({
    src,
    data: data instanceof ArrayBuffer ? new Uint8Array(data) : data,
    cache,
  }));
}

// The wrapper's rules (takumi-js src/node-source.ts, 2.16): JSON only when it keeps every value as
// the native side would read it from the object, and within serde_json's nesting limit.
const LONE_SURROGATE = /\p{Cs}/u;
const MAX_DEPTH = 127;

function toJson(node: Node): string | null {
  const depths = new WeakMap<object, number>();
  const refused = new Error('not JSON');
  try {
    return JSON.stringify(node, function (this: Record<string, unknown>, key: string, value: unknown) {
      if (this[key] !== value || LONE_SURROGATE.test(key) || !isJsonValue(value)) throw refused;
      if (typeof value === 'object' && value !== null) {
        const depth = (depths.get(this) ?? 0) + 1;
        if (depth > MAX_DEPTH) throw refused;
        depths.set(value, depth);
      }
      return value ?? null;
    });
  } catch {
    return null; // as the wrapper: whatever JSON cannot carry goes over as the objects themselves
  }
}

function isJsonValue(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return !LONE_SURROGATE.test(value);
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      return (
        value === null ||
        Array.isArray(value) ||
        [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)
      );
    default:
      return false;
  }
}
