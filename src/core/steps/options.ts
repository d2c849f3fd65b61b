// The pipeline's `options` step: the options a render finally uses are the request's, else
// the template's defaults, else ours, decided here once for every entry point; then the output
// size is checked against the configured pixel limit before anything is drawn.
import { formatHex8, parse as parseColour } from 'culori';
import { PlacardError, invalidField } from '../../errors/placard-error.ts';
import { DEFAULT_EMOJI_STYLE } from '../../fonts/emoji.ts';
import type { TemplateOptions } from '../../storage/db/index.ts';
import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  type OutputFormat,
  type RenderOptions,
  type RenderRequest,
} from '../render-request.ts';

/** A CSS colour as #rrggbbaa, which every engine understands; 'transparent' stays as is. */
export function normalizeBackground(value: string | undefined, format: OutputFormat): string {
  if (value === undefined) return '#ffffffff';
  const trimmed = value.trim().toLowerCase();
  const colour = parseColour(trimmed);
  if (!colour) {
    throw invalidField(
      'background',
      'is not a CSS colour',
      'a CSS colour (#hex, rgb(), hsl(), a name) or "transparent"',
      value,
    );
  }
  const seeThrough = trimmed === 'transparent' || (colour.alpha ?? 1) < 1;
  if (seeThrough && format === 'jpeg') {
    throw invalidField(
      'background',
      'cannot be transparent for jpeg, which has no alpha',
      'an opaque colour, or png, webp, avif or pdf',
      value,
    );
  }
  return trimmed === 'transparent' ? 'transparent' : formatHex8(colour);
}

/** The request's options, else the template's defaults, else ours. */
export function resolveOptions(request: RenderRequest, template: TemplateOptions): RenderOptions {
  const format = request.format ?? template.format ?? 'png';
  return {
    width: request.width ?? template.width ?? DEFAULT_WIDTH,
    height: request.height ?? template.height ?? DEFAULT_HEIGHT,
    scale: request.scale ?? template.devicePixelRatio ?? 1,
    format,
    quality: request.quality ?? template.quality,
    background: normalizeBackground(request.background, format),
    emoji: request.emoji ?? DEFAULT_EMOJI_STYLE,
  };
}

/** OUTPUT_TOO_LARGE when width*scale x height*scale passes the configured pixel limit. */
export function checkOutputSize(options: RenderOptions, maxPixels: number): void {
  const width = Math.round(options.width * options.scale);
  const height = Math.round(options.height * options.scale);
  if (width * height > maxPixels) {
    throw new PlacardError(
      'OUTPUT_TOO_LARGE',
      `Output of ${width}x${height} pixels (width*scale x height*scale) is more than the ${maxPixels} pixels allowed; received width ${options.width}, height ${options.height}, scale ${options.scale}.`,
      { details: { allowed: maxPixels, received: width * height } },
    );
  }
}
