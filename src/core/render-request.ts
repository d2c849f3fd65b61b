// The one request type every entry point builds (native routes, the four dialects, the CLI,
// library mode, jobs) and the pipeline consumes, and its one constructor, which applies the
// config's defaults and limits. Options left undefined come from the template, then ours: the
// pipeline's `options` step (steps/options.ts) decides them once.
import type { EngineChoice, RenderDocument } from '../engines/types.ts';
import { invalidField } from '../errors/placard-error.ts';
import type { FontSet } from '../fonts/font-set.ts';
import type { EmojiStyle } from '../fonts/emoji.ts';

export const outputFormats = ['png', 'jpeg', 'webp', 'avif', 'pdf'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** What to render: a template given inline, a built-in preset, or a stored one. */
export type TemplateRef =
  | { kind: 'html'; source: string }
  | { kind: 'jsx'; source: string }
  | { kind: 'elements'; document: unknown }
  | { kind: 'preset'; name: string }
  | { kind: 'stored'; id: string; version?: number }
  /** Already in the intermediate form (library mode: an element tree the caller's code built). */
  | { kind: 'document'; document: RenderDocument };

export interface RenderRequest {
  template: TemplateRef;
  variables: Record<string, unknown>;
  /** Whose stored templates `template` may name. */
  accountId?: string;
  width?: number;
  height?: number;
  /** Device pixel ratio: the output is width*scale x height*scale pixels. */
  scale?: number;
  format?: OutputFormat;
  /** 1-100 for jpeg, webp and avif; undefined picks the template's, then the format's default. */
  quality?: number;
  /** Any CSS colour, or 'transparent'. Defaults to white like a browser page. */
  background?: string;
  /** Which emoji set draws emoji (default noto, as Chrome and Android); `none`: no emoji images. */
  emoji?: EmojiStyle;
  timeoutMs: number;
  engine: EngineChoice;
  /** Seconds an identical render is served from the cache; 0 neither reads nor writes it. */
  cacheTtl?: number;
  /**
   * Report how the marked text fits (Engine.measure). Templates that mark text (`data-fit`)
   * are always reported; this asks for it regardless, e.g. for dialect headers.
   */
  fit?: boolean;
  /** Fonts for this render only (`placard render --font`); else the account's, if any. */
  fonts?: FontSet;
  /** Outline every box, as @vercel/og's `debug` does (native engine). */
  debug?: boolean;
}

/** The config values a request is built with. */
export interface RequestLimits {
  maxTemplateBytes: number;
  defaultTimeoutMs: number;
}

/** A request with the config's timeout and engine "auto" where none is given; inline templates checked for size. */
export function createRenderRequest(
  request: Omit<RenderRequest, 'timeoutMs' | 'engine'> & Partial<Pick<RenderRequest, 'timeoutMs' | 'engine'>>,
  limits: RequestLimits,
): RenderRequest {
  const { template } = request;
  if (template.kind === 'html' || template.kind === 'jsx') {
    const bytes = Buffer.byteLength(template.source);
    if (bytes > limits.maxTemplateBytes) {
      throw invalidField(
        template.kind,
        `is ${bytes} bytes, too large`,
        `at most ${limits.maxTemplateBytes} bytes`,
        `${bytes} bytes`,
      );
    }
  }
  return {
    ...request,
    timeoutMs: request.timeoutMs ?? limits.defaultTimeoutMs,
    engine: request.engine ?? 'auto',
  };
}

/** The options a render finally uses, after the template's defaults and ours. */
export interface RenderOptions {
  width: number;
  height: number;
  scale: number;
  format: OutputFormat;
  quality: number | undefined;
  /** '#rrggbbaa' or 'transparent'. */
  background: string;
  emoji: EmojiStyle;
}

export const contentTypes: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  pdf: 'application/pdf',
};

/** Quality used when neither request nor template names one. */
export const defaultQuality: Record<OutputFormat, number | undefined> = {
  png: undefined,
  jpeg: 90,
  webp: 90,
  avif: 60,
  pdf: undefined,
};

export const DEFAULT_WIDTH = 1200;
export const DEFAULT_HEIGHT = 630;
