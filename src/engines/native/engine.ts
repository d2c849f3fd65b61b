// The native engine: Takumi (Rust, no browser) drawing the intermediate HTML with the bundled
// fonts and local emoji, with the browser defaults a template author expects.
import { Renderer } from '@takumi-rs/core';
import { LRUCache } from 'lru-cache';
import { PlacardError } from '../../errors/placard-error.ts';
import type {
  Engine,
  EngineOutput,
  EngineRenderOptions,
  PreparedDocument,
  RenderDocument,
} from '../types.ts';
import { createAccountFontRegistry } from './account-fonts.ts';
import { toImageSources } from './assets.ts';
import { drawInput, withRepairs } from './draw.ts';
import { registerBundledFonts, type DocumentFonts, type FontLoading } from './fonts.ts';
import { createMeasure } from './measure.ts';
import { createPageCover, pngIsOpaque } from './page-cover.ts';
import { message, NativePreparedDocument, prepareDocument } from './prepare.ts';
import { abortable, formatOptions, nativeEngineVersion } from './render-options.ts';

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
  const bundled = await registerBundledFonts(renderer, options.fontLoading ?? 'on-demand');
  const account = createAccountFontRegistry(renderer);
  // Documents whose bundled faces are all registered: bundled faces stay registered, so a prepared
  // document drawn again skips the walk over its text.
  const bundledReady = new WeakSet<NativePreparedDocument>();
  const fonts: DocumentFonts = {
    ensure(document) {
      const pending = bundledReady.has(document) ? undefined : bundled.ensure(document.node);
      if (!pending) bundledReady.add(document);
      const waits = [pending, account.ensure(document.accountFaces)];
      return waits.some(Boolean) ? Promise.all(waits).then(() => undefined) : undefined;
    },
  };
  const pageCover = createPageCover();
  let closed = false;
  // A prepared document depends only on its HTML and emoji style when it has no fonts of its own,
  // and the same bound HTML comes back render after render (the same variables again, or past a
  // cache TTL): parsing it again was ~0.1 ms of a standard card's cache miss. Shared documents stay
  // correct because the one change made to them after preparing is a repair, which every draw of
  // the same HTML needs alike. Bounded by the HTML's length.
  // Keyed by the HTML string itself (then by emoji style), so the hash V8 keeps on the string from
  // the earlier per-HTML caches serves this lookup too.
  const preparedByHtml = new LRUCache<string, Map<string, NativePreparedDocument>>({
    max: 256,
    maxSize: 4 * 1024 * 1024,
    sizeCalculation: (_byEmoji, html) => Math.max(1, html.length),
  });
  function prepare(document: RenderDocument): NativePreparedDocument {
    if (document.fonts) return prepareDocument(document);
    const emoji = document.emoji ?? '';
    let byEmoji = preparedByHtml.get(document.html);
    let prepared = byEmoji?.get(emoji);
    if (!prepared) {
      prepared = prepareDocument(document);
      if (!byEmoji) preparedByHtml.set(document.html, (byEmoji = new Map()));
      byEmoji.set(emoji, prepared);
    }
    return prepared;
  }

  async function render(document: PreparedDocument, opts: EngineRenderOptions): Promise<EngineOutput> {
    if (!(document instanceof NativePreparedDocument)) {
      throw new PlacardError('RENDER_FAILED', 'The native engine draws only documents it prepared.');
    }
    if (closed) throw new PlacardError('RENDER_FAILED', 'The native engine was closed.');
    const { signal } = opts;
    signal.throwIfAborted();
    const width = Math.round(opts.width * opts.scale);
    const height = Math.round(opts.height * opts.scale);
    const pending = fonts.ensure(document);
    if (pending) await abortable(pending, signal);

    // Without assets (most cards) there is nothing to convert: no await.
    const images =
      opts.assets.size === 0
        ? [...document.emoji]
        : [...document.emoji, ...(await toImageSources(opts.assets))];
    const drawOn = (background: string): Promise<Buffer> => {
      const input = drawInput(document, opts, images, background, signal);
      // PNG too is Takumi's own encoder: raw pixels + sharp was faster only on busy cores and
      // 1.85x slower per card on a quiet machine (bench/lib/phases.ts still measures both).
      Object.assign(input.options, formatOptions(opts.format, opts.quality));
      if (opts.debug) input.options.drawDebugBorder = true;
      return withRepairs(
        input,
        {
          renderer,
          trusted: document.emoji.length,
          background,
          signal,
          fail: (cause) => {
            const what = `${opts.width}x${opts.height} at scale ${opts.scale} as ${opts.format}`;
            const reason = `Takumi could not draw the template (${what}): ${message(cause)}`;
            return new PlacardError('RENDER_FAILED', reason, { cause });
          },
        },
        (options) => renderer.render(input.page, options),
      );
    };
    // A page colour only where it can show (page-cover.ts): a PNG that comes out opaque on a
    // transparent page is the same image.
    const size = `${width}x${height}@${opts.scale}`;
    if (opts.format === 'png' && pageCover.tryUncovered(document, size, opts.background)) {
      const data = await drawOn('transparent');
      if (pngIsOpaque(data)) return { data, format: opts.format, width, height };
      pageCover.showsThrough(document, size);
    }
    const data = await drawOn(opts.background);
    pageCover.accepted(opts.background);
    return { data, format: opts.format, width, height };
  }

  return {
    name: 'native',
    version: nativeEngineVersion(),
    prepare,
    render,
    measure: createMeasure(renderer, fonts, () => closed),
    close: async () => {
      closed = true;
      preparedByHtml.clear();
    },
  };
}
