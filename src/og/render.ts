// `render()` for scripts: one template (html, jsx, an elements document, a preset or a React
// element) with variables and options in, the image bytes out, drawn in this process.
import { libraryConfig, sharedServices } from './renderer.ts';
import { libraryRequest, type RenderOptions } from './request.ts';

/** Renders in this process and answers the image bytes (png unless `format` says otherwise). */
export async function render(options: RenderOptions, signal?: AbortSignal): Promise<Uint8Array> {
  const request = libraryRequest(options, libraryConfig());
  const services = await sharedServices();
  return (await services.pipeline.render(request, signal)).data;
}
