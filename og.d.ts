// Public types of `placard/og`, declared by hand so a project importing it type-checks this
// surface only, not Placard's server sources. test/og/declarations.test.ts checks that the
// implementation (src/og/index.ts) satisfies every declaration here.

/** @vercel/og's font option: the file's bytes under the family name the element uses. */
export interface FontOption {
  name: string;
  data: ArrayBuffer | ArrayBufferView;
  weight?: 100 | 200 | 300 | 400 | 500 | 600 | 700 | 800 | 900;
  style?: 'normal' | 'italic';
  lang?: string;
}

/** Drawn from local sets: Twemoji by default; fluent and fluentFlat as Fluent Flat; blobmoji as Noto. */
export type EmojiSet = 'twemoji' | 'blobmoji' | 'noto' | 'openmoji' | 'fluent' | 'fluentFlat';

export interface ImageResponseOptions {
  width?: number;
  height?: number;
  fonts?: FontOption[];
  emoji?: EmojiSet;
  debug?: boolean;
  status?: number;
  statusText?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  format?: 'png' | 'jpeg' | 'webp' | 'avif';
  scale?: number;
  background?: string;
}

/** @vercel/og's ImageResponse: a Response whose body is the image. */
export declare class ImageResponse extends Response {
  constructor(element: unknown, options?: ImageResponseOptions);
}

/** The fields of POST /v1/render (one template source), or a React `element`. */
export interface RenderOptions {
  html?: string;
  jsx?: string;
  elements?: Record<string, unknown>;
  preset?: string;
  template_id?: string;
  version?: number;
  element?: unknown;
  variables?: Record<string, unknown>;
  width?: number;
  height?: number;
  scale?: number;
  format?: 'png' | 'jpeg' | 'webp' | 'avif' | 'pdf';
  quality?: number;
  background?: string;
  engine?: 'auto' | 'native' | 'chromium';
  timeout_ms?: number;
  cache_ttl?: number;
  fonts?: FontOption[];
  emoji?: EmojiSet;
  debug?: boolean;
}

/** Renders in this process and answers the image bytes. */
export declare function render(options: RenderOptions, signal?: AbortSignal): Promise<Uint8Array>;

/** Stops the shared renderer; the next render starts a new one. */
export declare function closeRenderer(): Promise<void>;

/** Settings over the PLACARD_* environment (camelCase names of the Config), for the next renderer. */
export declare function configureRenderer(settings: Record<string, unknown>): void;
