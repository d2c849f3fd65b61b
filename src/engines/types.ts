// What every engine implements. Engines see only the intermediate form (a bound HTML
// document); they never know about Handlebars, JSX or vendors.

/** The intermediate form every template kind compiles to before an engine sees it. */
export interface RenderDocument {
  /** A complete HTML fragment with its <style> blocks, variables already bound. */
  html: string;
}

/** A document parsed by one engine, ready to draw once its assets are loaded. */
export interface PreparedDocument {
  /** Every non-data URL the document draws (img src, CSS url()), to load before render. */
  readonly assetUrls: readonly string[];
  /** Font families the document asks for that the engine does not have (they fall back). */
  readonly missingFonts: readonly string[];
}

/** Formats an engine encodes itself; anything else is encoded from 'raw' RGBA pixels. */
export type EngineFormat = 'png' | 'jpeg' | 'webp' | 'raw';

export interface EngineRenderOptions {
  /** CSS pixels; the bitmap is width*scale x height*scale. */
  width: number;
  height: number;
  scale: number;
  format: EngineFormat;
  quality: number | undefined;
  /** CSS colour under the template, or 'transparent'. */
  background: string;
  /** Loaded assets by URL, as listed in PreparedDocument.assetUrls. */
  assets: ReadonlyMap<string, Uint8Array>;
  signal: AbortSignal;
}

export interface EngineOutput {
  data: Buffer;
  format: EngineFormat;
  /** Output pixels. */
  width: number;
  height: number;
}

export interface Engine {
  readonly name: string;
  /** Changes whenever the same input could draw different pixels (cache keys use it). */
  readonly version: string;
  prepare(document: RenderDocument): PreparedDocument;
  render(document: PreparedDocument, options: EngineRenderOptions): Promise<EngineOutput>;
  close(): Promise<void>;
}
