// Library mode (`import { ImageResponse, render } from 'placard/og'`): Placard's renderer in
// your own process, with @vercel/og's ImageResponse and a plain render() for scripts.
export { ImageResponse, type ImageResponseOptions } from './image-response.ts';
export { render } from './render.ts';
export type { RenderOptions } from './request.ts';
export type { EmojiSet, FontOption } from './options.ts';
export { closeRenderer, configureRenderer } from './renderer.ts';
