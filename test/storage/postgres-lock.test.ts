// Verifies the claim migrate.ts rests on: on PostgreSQL, Kysely's migrator waits for its
// advisory lock before it migrates, so two processes starting at once cannot both migrate.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabase } from '../../src/storage/db/index.ts';
import { createPostgresFixture, postgresUnavailable, TEST_POSTGRES_URL } from './fixtures.ts';

/** Kysely 0.28's migration lock id (dialect/postgres/postgres-adapter.js); if it changes, look again. */
const KYSELY_MIGRATION_LOCK_ID = '3853314791062309107';

const skipReason = await postgresUnavailable();
if (skipReason) console.warn(`[postgres lock] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('postgres migration lock', () => {
  it('does not migrate while another session holds the migration lock', async () => {
    const fixture = await createPostgresFixture();
    const holder = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await holder.connect();
    try {
      await holder.query(`select pg_advisory_lock(${KYSELY_MIGRATION_LOCK_ID})`);
      let opened = false;
      const opening = createDatabase(fixture.options).then((db) => {
        opened = true;
        return db;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(opened).toBe(false);
      const tables = await holder.query(
        `select 1 from information_schema.tables where table_schema = $1 and table_name = 'templates'`,
        [fixture.schema],
      );
      expect(tables.rowCount).toBe(0);

      await holder.query(`select pg_advisory_unlock(${KYSELY_MIGRATION_LOCK_ID})`);
      const db = await opening;
      expect(opened).toBe(true);
      await db.ping();
      await db.close();
    } finally {
      await holder.end();
      await fixture.destroy();
    }
  });
});
