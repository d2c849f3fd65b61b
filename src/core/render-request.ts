// The one request type every entry point (native API, CLI, later the compat dialects) builds
// before the pipeline runs. Defaults are applied by the caller through `withDefaults`.

export const outputFormats = ['png', 'jpeg', 'webp', 'avif', 'pdf'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export const engineNames = ['native'] as const;
export type EngineName = (typeof engineNames)[number];

export interface TemplateSource {
  kind: 'html';
  /** HTML + CSS with Handlebars expressions. */
  source: string;
}

export interface RenderRequest {
  template: TemplateSource;
  variables: Record<string, unknown>;
  width: number;
  height: number;
  /** Device pixel ratio: the output is width*scale x height*scale pixels. */
  scale: number;
  format: OutputFormat;
  /** 1-100 for jpeg, webp and avif; undefined picks the format's default. */
  quality: number | undefined;
  /** Any CSS colour, or 'transparent'. Defaults to white like a browser page. */
  background: string;
  timeoutMs: number;
  engine: EngineName;
}

export const contentTypes: Record<OutputFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  pdf: 'application/pdf',
};

/** Quality used when a request names none: visually lossless for cards, measured sizes in README. */
export const defaultQuality: Record<OutputFormat, number | undefined> = {
  png: undefined,
  jpeg: 90,
  webp: 90,
  avif: 60,
  pdf: undefined,
};
