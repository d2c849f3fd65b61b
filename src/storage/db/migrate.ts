// Brings the schema up to date at start. Safe with several processes starting at once:
// - PostgreSQL: Kysely's migrator holds a session advisory lock (pg_advisory_lock) around
//   reading the applied list and running the pending migrations in one transaction, so a
//   second process waits, then finds nothing to do.
// - SQLite: our dialect reports transactional DDL, so the migrator runs in one transaction,
//   and our driver begins every transaction IMMEDIATE: the second process waits on the file's
//   write lock (busy_timeout) before it reads the applied list.
import { Migrator, sql } from 'kysely';
import { migrationProvider } from './migrations.ts';
import type { Db } from './schema.ts';
import type { DatabaseDialect } from './types.ts';

/** Applies pending migrations; returns the names this call applied. */
export async function migrateToLatest(db: Db, dialect: DatabaseDialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(dialect),
    // Kysely finds its bookkeeping tables by name across every schema it can see; naming our
    // schema keeps two Placards in two schemas of one database from mistaking each other's.
    migrationTableSchema: dialect === 'postgres' ? await currentSchema(db) : undefined,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
    throw new Error(`Database migration ${failed} failed: ${errorMessage(error)}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new Error(
      'PostgreSQL search_path names no existing schema: create one, or fix the search_path in the URL options',
    );
  }
  return schema;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
