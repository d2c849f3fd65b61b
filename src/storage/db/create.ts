// createDatabase: picks the backend from the URL, brings the schema up to date, and binds
// the repositories. No URL means the embedded SQLite file; PostgreSQL when the URL says so.
import { sql } from 'kysely';
import { runTransaction, rootExecutor, transactionExecutor } from './executor.ts';
import { migrateToLatest } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { accountRepository } from './repos/accounts.ts';
import { batchRepository } from './repos/batches.ts';
import { fontRepository } from './repos/fonts.ts';
import { jobRepository } from './repos/jobs.ts';
import { keyRepository } from './repos/keys.ts';
import { meteringRepository } from './repos/metering.ts';
import { renderRepository } from './repos/renders.ts';
import { settingRepository } from './repos/settings.ts';
import { tailwindThemeRepository } from './repos/tailwind-themes.ts';
import { templateRepository } from './repos/templates.ts';
import { webhookDeliveryRepository } from './repos/webhook-deliveries.ts';
import type { Db, Executor } from './schema.ts';
import { openSqlite } from './sqlite.ts';
import { openSqliteReads, type SqliteReads } from './sqlite-reads.ts';
import { toApiKey } from './rows.ts';
import type { Database, DatabaseDialect, DatabaseOptions, Repositories } from './types.ts';

function repositories(ex: Executor, dialect: DatabaseDialect): Repositories {
  return {
    accounts: accountRepository(ex),
    keys: keyRepository(ex),
    templates: templateRepository(ex),
    jobs: jobRepository(ex, dialect),
    renders: renderRepository(ex),
    settings: settingRepository(ex),
    metering: meteringRepository(ex),
    webhookDeliveries: webhookDeliveryRepository(ex),
    fonts: fontRepository(ex),
    tailwindThemes: tailwindThemeRepository(ex),
    batches: batchRepository(ex),
  };
}

export function dialectOf(url: string | undefined): DatabaseDialect {
  if (url === undefined || url === '') return 'sqlite';
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  // Only the scheme is echoed: the rest of a database URL may hold a password.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
  throw new Error(
    `Unsupported database URL: use postgres:// or postgresql://, or no URL for SQLite; received ${
      scheme ? `a ${scheme}: URL` : 'a value that is not a URL'
    }`,
  );
}

export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const dialect = dialectOf(options.url);
  const db: Db =
    options.url && dialect === 'postgres'
      ? await openPostgres(options.url)
      : await openSqlite(options.dataDir);
  try {
    const applied = await migrateToLatest(db, dialect);
    options.onMigrated?.(applied);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const root = rootExecutor(db);
  // Opened after the migrations, which create the file and switch it to WAL.
  const reads = dialect === 'sqlite' ? openSqliteReads(options.dataDir) : undefined;
  let closing: Promise<void> | undefined;
  return {
    dialect,
    ...withFastReads(repositories(root, dialect), reads),
    transaction: async (fn) =>
      runTransaction(db, (trx) => fn(repositories(transactionExecutor(trx), dialect))),
    async ping() {
      await sql`select 1`.execute(root.db());
    },
    // pg's Pool.end() throws when called twice; callers on several shutdown paths should not care.
    close: () =>
      (closing ??= (async () => {
        reads?.close();
        await db.destroy();
      })()),
  };
}

/**
 * Outside transactions, the per-request reads go through the SQLite fast path (sqlite-reads.ts);
 * inside one they stay on the transaction's connection, which sees its own writes.
 */
function withFastReads(repos: Repositories, reads: SqliteReads | undefined): Repositories {
  if (!reads) return repos;
  return {
    ...repos,
    keys: {
      ...repos.keys,
      findActiveByHash: async (hash) => {
        const row = reads.keyByHash(hash);
        return row && toApiKey(row);
      },
    },
    templates: {
      ...repos.templates,
      versionOf: async (accountId, id, version) => reads.versionOf(accountId, id, version),
    },
  };
}
