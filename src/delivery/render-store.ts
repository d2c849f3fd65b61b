// Keeps finished renders: bytes in the blob store (content-addressed, so identical renders
// share one blob), metadata in the database, and a public, stable, cacheable URL for each.
import type { RenderResult } from '../core/pipeline.ts';
import type { BlobStore } from '../storage/blob/index.ts';
import type { Database, StoredRender } from '../storage/db/index.ts';

export interface RenderStore {
  save(result: RenderResult, accountId: string): Promise<StoredRender>;
  /** The public URL: the blob store's own (a CDN or bucket) or Placard's /r/ route. */
  urlFor(render: StoredRender, baseUrl: string): string;
  read(render: StoredRender): Promise<Buffer | undefined>;
}

/** Path of Placard's public route for stored renders. */
export const RENDER_PATH = '/r/';

const extension: Record<string, string> = { png: 'png', jpeg: 'jpg', webp: 'webp', avif: 'avif', pdf: 'pdf' };

export const renderFileName = (render: Pick<StoredRender, 'id' | 'format'>) =>
  `${render.id}.${extension[render.format] ?? render.format}`;

/** The JSON a client gets for a stored render. */
export function renderReply(render: StoredRender, url: string) {
  return {
    id: render.id,
    url,
    width: render.width,
    height: render.height,
    format: render.format,
    bytes: render.bytes,
    render_ms: render.renderMs,
    created_at: render.createdAt,
  };
}

export function createRenderStore(db: Database, blobs: BlobStore): RenderStore {
  return {
    async save(result, accountId) {
      const blobKey = `renders/${result.key.slice(0, 2)}/${result.key}.${extension[result.format] ?? result.format}`;
      // The blob is written (atomically) before the row that points at it exists.
      await blobs.put(blobKey, result.data, {
        contentType: result.contentType,
        cacheControl: 'public, max-age=31536000, immutable',
      });
      return db.renders.create({
        accountId,
        blobKey,
        contentType: result.contentType,
        format: result.format,
        width: result.width,
        height: result.height,
        bytes: result.data.length,
        etag: result.etag,
        renderMs: result.renderMs,
      });
    },
    urlFor(render, baseUrl) {
      return blobs.publicUrl(render.blobKey) ?? `${baseUrl}${RENDER_PATH}${renderFileName(render)}`;
    },
    async read(render) {
      return (await blobs.get(render.blobKey))?.data;
    },
  };
}
