// The one request type every entry point (native API, CLI, later the compat dialects) builds
// before the pipeline runs. Options left undefined come from the template, then defaults.
import type { RenderDocument } from '../engines/types.ts';
import type { FontSet } from '../fonts/font-set.ts';
import type { EmojiStyle } from '../fonts/emoji.ts';

export const outputFormats = ['png', 'jpeg', 'webp', 'avif', 'pdf'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export const engineNames = ['auto', 'native', 'chromium'] as const;
export type EngineName = (typeof engineNames)[number];

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
  engine: EngineName;
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
