// Builds a RenderRequest from loosely-typed input (an HTTP body, CLI flags), and later the
// final RenderOptions from the request and the template's defaults. Every entry point goes
// through here, so a default or a limit is decided once.
import { formatHex8, parse as parseColour } from 'culori';
import { DEFAULT_EMOJI_STYLE, type EmojiStyle } from '../fonts/emoji.ts';
import type { TemplateOptions } from '../storage/db/index.ts';
import { describeValue, PlacardError } from '../errors/placard-error.ts';
import {
  DEFAULT_HEIGHT,
  DEFAULT_WIDTH,
  type EngineName,
  type OutputFormat,
  type RenderOptions,
  type RenderRequest,
  type TemplateRef,
} from './render-request.ts';

/** A render as the native API spells it (snake_case fields map in the route). */
export interface RenderInput {
  html?: string;
  jsx?: string;
  elements?: unknown;
  preset?: string;
  templateId?: string;
  version?: number;
  variables?: Record<string, unknown>;
  accountId?: string;
  width?: number;
  height?: number;
  scale?: number;
  format?: OutputFormat;
  quality?: number;
  background?: string;
  emoji?: EmojiStyle;
  engine?: EngineName;
  timeoutMs?: number;
  cacheTtl?: number;
  fit?: boolean;
}

export interface RequestLimits {
  maxTemplateBytes: number;
  defaultTimeoutMs: number;
}

const invalid = (field: string, problem: string, allowed: string, received: unknown) =>
  new PlacardError(
    'VALIDATION_FAILED',
    `${field} ${problem}; allowed: ${allowed}; received: ${describeValue(received)}`,
    {
      details: { field, allowed, received: describeValue(received) },
    },
  );

function templateRef(input: RenderInput, limits: RequestLimits): TemplateRef {
  const given = (['html', 'jsx', 'elements', 'preset', 'templateId'] as const).filter(
    (k) => input[k] !== undefined,
  );
  const names = 'html, jsx, elements, preset or template_id';
  if (given.length !== 1) {
    const received =
      given.length === 0 ? 'none' : given.map((k) => (k === 'templateId' ? 'template_id' : k)).join(', ');
    throw invalid('template', 'must be given exactly once', `one of ${names}`, received);
  }
  for (const field of ['html', 'jsx'] as const) {
    const source = input[field];
    const bytes = source === undefined ? 0 : Buffer.byteLength(source);
    if (bytes > limits.maxTemplateBytes) {
      throw invalid(
        field,
        `is ${bytes} bytes, too large`,
        `at most ${limits.maxTemplateBytes} bytes`,
        `${bytes} bytes`,
      );
    }
  }
  if (input.html !== undefined) return { kind: 'html', source: input.html };
  if (input.jsx !== undefined) return { kind: 'jsx', source: input.jsx };
  if (input.elements !== undefined) return { kind: 'elements', document: input.elements };
  if (input.preset !== undefined) return { kind: 'preset', name: input.preset };
  return { kind: 'stored', id: input.templateId!, version: input.version };
}

export function buildRenderRequest(input: RenderInput, limits: RequestLimits): RenderRequest {
  if (input.version !== undefined && input.templateId === undefined) {
    throw invalid(
      'version',
      'only applies to a stored template',
      'version together with template_id',
      input.version,
    );
  }
  return {
    template: templateRef(input, limits),
    variables: input.variables ?? {},
    accountId: input.accountId,
    width: input.width,
    height: input.height,
    scale: input.scale,
    format: input.format,
    quality: input.quality,
    background: input.background,
    emoji: input.emoji,
    timeoutMs: input.timeoutMs ?? limits.defaultTimeoutMs,
    engine: input.engine ?? 'auto',
    cacheTtl: input.cacheTtl,
    fit: input.fit,
  };
}

/** A CSS colour as #rrggbbaa, which every engine understands; 'transparent' stays as is. */
export function normalizeBackground(value: string | undefined, format: OutputFormat): string {
  if (value === undefined) return '#ffffffff';
  const trimmed = value.trim().toLowerCase();
  const colour = parseColour(trimmed);
  if (!colour) {
    throw invalid(
      'background',
      'is not a CSS colour',
      'a CSS colour (#hex, rgb(), hsl(), a name) or "transparent"',
      value,
    );
  }
  const seeThrough = trimmed === 'transparent' || (colour.alpha ?? 1) < 1;
  if (seeThrough && format === 'jpeg') {
    throw invalid(
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
