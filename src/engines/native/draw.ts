// What every Takumi call on a prepared document shares, render and measure alike: the page
// wrapper, the options (browser defaults, fonts, images, size) and the repair loop. One place,
// so a measurement always describes exactly the layout the pixels get.
import type { ImageSource, Node, Renderer, RenderOptions } from '@takumi-rs/core';
import { isImageDecodeError, withoutUndecodable } from './assets.ts';
import { BROWSER_DEFAULT_CSS, onPage } from './page.ts';
import type { NativePreparedDocument } from './prepare.ts';
import { abortable } from './render-options.ts';
import { repairPage } from './repair.ts';

/** How many unusable declarations or images one call may drop before giving up. */
const MAX_REPAIRS = 16;

export interface DrawSize {
  /** CSS pixels; Takumi gets width*scale x height*scale and the scale as device pixel ratio. */
  width: number;
  height: number;
  scale: number;
}

export interface DrawInput {
  page: Node;
  options: RenderOptions;
  /** The images in `options`, as sources (the repair loop may drop undecodable ones). */
  images: ImageSource[];
}

export function drawInput(
  document: NativePreparedDocument,
  size: DrawSize,
  images: ImageSource[],
  background: string,
  signal: AbortSignal,
): DrawInput {
  return {
    page: onPage(document.node, background),
    images,
    options: {
      width: Math.round(size.width * size.scale),
      height: Math.round(size.height * size.scale),
      devicePixelRatio: size.scale,
      css: [BROWSER_DEFAULT_CSS, ...document.css],
      images,
      // Always explicit, so the fallback order is the catalog's (Inter first) whatever order the
      // faces finished registering in.
      fontFamilies: [...document.fontFamilies],
      signal,
    },
  };
}

export interface RepairContext {
  renderer: Renderer;
  /** The first `trusted` images (local emoji) are never suspected of being undecodable. */
  trusted: number;
  background: string;
  signal: AbortSignal;
  /** The error to throw when Takumi still fails after the repairs it allows. */
  fail(cause: unknown): Error;
}

/**
 * Runs `attempt` until Takumi accepts the page. A browser skips what it cannot use and draws the
 * rest: an invalid declaration is dropped from the page (in the prepared document, so the next
 * call on it does not fail again), an undecodable image from the image list.
 */
export async function withRepairs<T>(
  input: DrawInput,
  context: RepairContext,
  attempt: (options: RenderOptions) => Promise<T>,
): Promise<T> {
  const { renderer, trusted, background, signal } = context;
  for (let repairs = 0; ; repairs += 1) {
    try {
      return await abortable(attempt(input.options), signal);
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      if (repairs < MAX_REPAIRS && repairPage(input.page, cause, background)) continue;
      if (repairs < MAX_REPAIRS && isImageDecodeError(cause)) {
        const kept = await withoutUndecodable(renderer, input.images, trusted);
        if (kept) {
          input.images = input.options.images = kept;
          continue;
        }
      }
      throw context.fail(cause);
    }
  }
}
