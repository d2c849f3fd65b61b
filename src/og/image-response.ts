// A drop-in for @vercel/og's ImageResponse: same arguments (element, { width, height, fonts,
// emoji, debug, headers, status, statusText }), a web Response whose body is the PNG, drawn in
// this process by Placard's native engine with its bundled fonts and Twemoji. As in @vercel/og
// the page is transparent and 1200x630 unless the options say otherwise, and the image streams
// in once drawn; unlike it, a bad option or a throwing component throws from the constructor.
import { libraryConfig, sharedServices } from './renderer.ts';
import { libraryRequest, OG_DEFAULT_CSS } from './request.ts';
import type { EmojiSet, FontOption } from './options.ts';

export interface ImageResponseOptions {
  width?: number;
  height?: number;
  fonts?: FontOption[];
  emoji?: EmojiSet;
  debug?: boolean;
  status?: number;
  statusText?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  /** Placard extras: another format than png, a device scale, a background (default transparent). */
  format?: 'png' | 'jpeg' | 'webp' | 'avif';
  scale?: number;
  background?: string;
}

const contentTypes = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', avif: 'image/avif' };

export class ImageResponse extends Response {
  constructor(element: unknown, options: ImageResponseOptions = {}) {
    const { status, statusText, headers, ...render } = options;
    const request = libraryRequest(
      // Transparent like @vercel/og, except in jpeg, which has no alpha (white there, as on the API).
      {
        ...(render.format !== 'jpeg' && { background: 'transparent' }),
        ...render,
        element,
        engine: 'native',
      },
      libraryConfig(),
      OG_DEFAULT_CSS,
    );
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          const result = await (await sharedServices()).pipeline.render(request);
          controller.enqueue(new Uint8Array(result.data));
          controller.close();
        } catch (error) {
          // The status line is already out: log why the body failed, as @vercel/og does.
          console.error('ImageResponse: the image could not be rendered:', error);
          controller.error(error);
        }
      },
    });
    const merged = new Headers({
      'content-type': contentTypes[render.format ?? 'png'],
      'cache-control':
        process.env.NODE_ENV === 'development'
          ? 'no-cache, no-store'
          : 'public, immutable, no-transform, max-age=31536000',
    });
    new Headers(headers).forEach((value, name) => merged.set(name, value));
    super(body, { status: status ?? 200, ...(statusText !== undefined && { statusText }), headers: merged });
  }
}
