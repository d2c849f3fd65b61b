// The native engine's `measure` capability: Takumi's own layout of a prepared document (no
// pixels drawn, about a millisecond for a card), with the same page wrapper, browser defaults,
// fonts, images, size and scale a render uses, so every line it reports is a line drawn.
import type { Renderer } from '@takumi-rs/core';
import { PlacardError } from '../../errors/placard-error.ts';
import type { EngineMeasureOptions, MeasuredLayout, PreparedDocument } from '../types.ts';
import { toImageSources } from './assets.ts';
import { drawInput, withRepairs } from './draw.ts';
import type { DocumentFonts } from './fonts.ts';
import { toMeasuredLayout } from './measure-layout.ts';
import { message, NativePreparedDocument } from './prepare.ts';
import { abortable } from './render-options.ts';

/** Background of the measured page: paint only, it never moves a box. */
const NO_BACKGROUND = 'transparent';

export type MeasureFunction = (
  document: PreparedDocument,
  options: EngineMeasureOptions,
) => Promise<MeasuredLayout>;

export function createMeasure(
  renderer: Renderer,
  fonts: DocumentFonts,
  isClosed: () => boolean,
): MeasureFunction {
  return async function measure(document, opts) {
    if (!(document instanceof NativePreparedDocument)) {
      throw new PlacardError('RENDER_FAILED', 'The native engine measures only documents it prepared.');
    }
    if (isClosed()) throw new PlacardError('RENDER_FAILED', 'The native engine was closed.');
    const { signal } = opts;
    signal.throwIfAborted();
    // Fonts and images change the layout: a missing CJK face or an image's own size would move text.
    const pending = fonts.ensure(document);
    if (pending) await abortable(pending, signal);
    const images = [...document.emoji, ...(await toImageSources(opts.assets))];
    const input = drawInput(document, opts, images, NO_BACKGROUND, signal);
    const measured = await withRepairs(
      input,
      {
        renderer,
        trusted: document.emoji.length,
        background: NO_BACKGROUND,
        signal,
        fail: (cause) => {
          const what = `${opts.width}x${opts.height} at scale ${opts.scale}`;
          const reason = `Takumi could not lay out the template (${what}): ${message(cause)}`;
          return new PlacardError('RENDER_FAILED', reason, { cause });
        },
      },
      (options) => renderer.measure(input.page, options),
    );
    return toMeasuredLayout(input.page, measured, opts.scale);
  };
}
