// Stored renders: the metadata of images kept in the blob store, for `response: "url"`,
// batch items and async job results.
import { newId, now } from '../ids.ts';
import type { Executor, RendersTable } from '../schema.ts';
import type { RenderRepository, StoredRender } from '../types.ts';

const toRender = (row: RendersTable): StoredRender => ({
  id: row.id,
  accountId: row.account_id,
  blobKey: row.blob_key,
  contentType: row.content_type,
  format: row.format,
  width: row.width,
  height: row.height,
  bytes: row.bytes,
  etag: row.etag,
  renderMs: row.render_ms,
  createdAt: row.created_at,
});

export function renderRepository(ex: Executor): RenderRepository {
  return {
    async create(input) {
      const row: RendersTable = {
        id: newId('rnd'),
        account_id: input.accountId,
        blob_key: input.blobKey,
        content_type: input.contentType,
        format: input.format,
        width: input.width,
        height: input.height,
        bytes: input.bytes,
        etag: input.etag,
        render_ms: Math.round(input.renderMs),
        created_at: now(),
      };
      await ex.db().insertInto('renders').values(row).execute();
      return toRender(row);
    },

    async find(id) {
      const row = await ex.db().selectFrom('renders').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRender(row);
    },

    async get(accountId, id) {
      const row = await ex
        .db()
        .selectFrom('renders')
        .selectAll()
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row && toRender(row);
    },
  };
}
