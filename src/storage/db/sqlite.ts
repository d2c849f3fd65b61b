// The SQLite backend: one file, <dataDir>/placard.db, through better-sqlite3.
// WAL lets readers go on while one writer commits; busy_timeout makes a second process wait
// for the write lock instead of failing at once; foreign keys are off in SQLite unless asked.
//
// Every transaction begins IMMEDIATE: it takes the write lock before its first read, so a
// read-then-write transaction can never deadlock with another process and fail with
// SQLITE_BUSY (what a DEFERRED transaction does when two of them try to upgrade at once).
//
// Open one Database per file per process: better-sqlite3 waits for a lock synchronously, so a
// second connection in the same process would block the thread the first one needs to commit.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';
import type { Db, Tables } from './schema.ts';

export const SQLITE_FILE = 'placard.db';
/** How long a writer waits for another process's write transaction before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite does run DDL inside transactions; saying so makes Kysely's migrator use one. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/** Distinct statements kept prepared; the app has a few hundred query shapes. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The database as Kysely sees it, with each statement prepared once. Kysely's SQLite driver
 * prepares every query anew, which costs more than running a small one (the per-request
 * template and key lookups). A statement is reused only under Kysely's connection mutex, one
 * query at a time, and SQLite re-prepares it itself if the schema changes.
 */
function keepingStatements(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: STATEMENT_CACHE_SIZE });
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Switching a fresh file to WAL takes an exclusive lock, and when two processes open it at the
 * same moment SQLite may answer SQLITE_BUSY at once instead of waiting (its busy handler is not
 * called where waiting could deadlock). So the switch is retried, for as long as the busy timeout.
 */
async function enableWal(sqlite: BetterSqlite3.Database): Promise<void> {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

export async function openSqlite(dataDir: string): Promise<Db> {
  fs.mkdirSync(dataDir, { recursive: true });
  const sqlite = new BetterSqlite3(path.join(dataDir, SQLITE_FILE), { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    await enableWal(sqlite);
    sqlite.pragma('foreign_keys = ON');
  } catch (error) {
    sqlite.close();
    throw error;
  }
  // Kysely's SQLite driver uses this one connection behind a mutex: in-process callers queue.
  return new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }) });
}
