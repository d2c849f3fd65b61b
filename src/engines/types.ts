// What every engine implements. Engines see only the intermediate form (a bound HTML
// document); they never know about Handlebars, JSX or vendors.
import type { FontSet } from '../fonts/font-set.ts';
import type { EmojiStyle } from '../fonts/emoji.ts';

/** Which engine a render asks for: "auto" is native unless the template needs Chromium (select.ts). */
export const engineChoices = ['auto', 'native', 'chromium'] as const;
export type EngineChoice = (typeof engineChoices)[number];

/** The intermediate form every template kind compiles to before an engine sees it. */
export interface RenderDocument {
  /** A complete HTML fragment with its <style> blocks, variables already bound. */
  html: string;
  /** Fonts beyond the bundled ones this render may use (the account's uploads). */
  fonts?: FontSet;
  /** Which emoji set draws the emoji in the text (default noto); `none` leaves them as text. */
  emoji?: EmojiStyle;
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
  /** Outline every box (an engine that cannot ignores it). */
  debug?: boolean;
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
  /** The layout `render` would draw, with the text of every `data-fit` element (optional). */
  measure?(document: PreparedDocument, options: EngineMeasureOptions): Promise<MeasuredLayout>;
  close(): Promise<void>;
}

// ---- Text layout (optional capability): what an engine laid out, for text-fit reports. ----

/** What `measure` needs: the same size, scale and assets as the render it describes. */
export type EngineMeasureOptions = Pick<
  EngineRenderOptions,
  'width' | 'height' | 'scale' | 'assets' | 'signal'
>;

/** A rectangle in CSS pixels, page coordinates. */
export interface LayoutBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One laid-out line fragment of text (a line, or the part of it in one font or direction). */
export interface MeasuredRun extends LayoutBox {
  text: string;
}

/** The layout of one element the template marks with `data-fit="<name>"`. */
export interface MeasuredText {
  name: string;
  /** All of the element's text as written, to tell whether a clamp or ellipsis cut some. */
  text: string;
  /** The element's content box. */
  box: LayoutBox;
  /** Every run drawn inside the element, in layout order. */
  runs: MeasuredRun[];
  /** The line clamp its own style sets (`line-clamp`, `-webkit-line-clamp`), or null. */
  lineClamp: number | null;
  /** Whether its own style fixes its height (`height`, `max-height`), so text can outgrow it. */
  fixedHeight: boolean;
  /** Line height in px when the styles resolve to one, else null. */
  lineHeight: number | null;
}

export interface MeasuredLayout {
  /** CSS pixels. */
  width: number;
  height: number;
  texts: MeasuredText[];
  /** Names of marked elements the engine could not place (inline in running text, say). */
  unplaced: string[];
}
