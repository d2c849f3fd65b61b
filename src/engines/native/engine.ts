// The native engine: Takumi (Rust, no browser) drawing the intermediate HTML with the bundled
// fonts and local emoji, with the browser defaults a template author expects.
import { Renderer, type RenderOptions } from '@takumi-rs/core';
import { PlacardError } from '../../core/errors.ts';
import type {
  Engine,
  EngineOutput,
  EngineRenderOptions,
  PreparedDocument,
  RenderDocument,
} from '../types.ts';
import { isImageDecodeError, toImageSources, withoutUndecodable } from './assets.ts';
import { registerBundledFonts, type FontLoading } from './fonts.ts';
import { BROWSER_DEFAULT_CSS, onPage } from './page.ts';
import { message, NativePreparedDocument, prepareDocument } from './prepare.ts';
import { abortable, formatOptions, nativeEngineVersion } from './render-options.ts';
import { repairPage } from './repair.ts';

/** How many unusable declarations or images one render may drop before giving up. */
const MAX_REPAIRS = 16;

export interface NativeEngineOptions {
  /** `on-demand` (default): CJK subsets register when text first needs them; `eager`: all at start. */
  fontLoading?: FontLoading;
  /** Takumi's byte budget for decoded images, SVG rasters and parsed stylesheets (default 64 MiB). */
  cacheMaxBytes?: number;
}

export async function createNativeEngine(options: NativeEngineOptions = {}): Promise<Engine> {
  const renderer = new Renderer(
    options.cacheMaxBytes === undefined ? undefined : { cacheMaxBytes: options.cacheMaxBytes },
  );
  const fonts = await registerBundledFonts(renderer, options.fontLoading ?? 'on-demand');
  let closed = false;

  async function render(document: PreparedDocument, opts: EngineRenderOptions): Promise<EngineOutput> {
    if (!(document instanceof NativePreparedDocument)) {
      throw new PlacardError('RENDER_FAILED', 'The native engine draws only documents it prepared.');
    }
    if (closed) throw new PlacardError('RENDER_FAILED', 'The native engine was closed.');
    const { signal } = opts;
    signal.throwIfAborted();
    const width = Math.round(opts.width * opts.scale);
    const height = Math.round(opts.height * opts.scale);
    const pending = fonts.ensure(document.node);
    if (pending) await abortable(pending, signal);

    let images = [...document.emoji, ...(await toImageSources(opts.assets))];
    const renderOptions: RenderOptions = {
      ...formatOptions(opts.format, opts.quality),
      width,
      height,
      devicePixelRatio: opts.scale,
      css: [BROWSER_DEFAULT_CSS, ...document.css],
      images,
      // Always explicit, so the fallback order is the catalog's (Inter first) whatever order the
      // faces finished registering in.
      fontFamilies: [...document.fontFamilies],
      signal,
    };
    const page = onPage(document.node, opts.background);
    for (let repairs = 0; ; repairs += 1) {
      try {
        const data = await abortable(renderer.render(page, renderOptions), signal);
        return { data, format: opts.format, width, height };
      } catch (cause) {
        if (signal.aborted) throw signal.reason;
        // A browser skips what it cannot use and draws the rest: do the same, then draw again.
        if (repairs < MAX_REPAIRS && repairPage(page, cause, opts.background)) continue;
        if (repairs < MAX_REPAIRS && isImageDecodeError(cause)) {
          const kept = await withoutUndecodable(renderer, images, document.emoji.length);
          if (kept) {
            images = renderOptions.images = kept;
            continue;
          }
        }
        const what = `${opts.width}x${opts.height} at scale ${opts.scale} as ${opts.format}`;
        const reason = `Takumi could not draw the template (${what}): ${message(cause)}`;
        throw new PlacardError('RENDER_FAILED', reason, { cause });
      }
    }
  }

  return {
    name: 'native',
    version: nativeEngineVersion(),
    prepare: (document: RenderDocument) => prepareDocument(document),
    render,
    close: async () => {
      closed = true;
    },
  };
}
