// The PostgreSQL backend: a pg Pool behind Kysely. pg is imported only here, on demand, so
// a SQLite install never loads it. The URL may carry libpq-style parameters, e.g.
// `?options=-c%20search_path%3Dplacard` to keep Placard's tables in their own schema.
import { Kysely, PostgresDialect } from 'kysely';
import type { Db, Tables } from './schema.ts';

export const POSTGRES_POOL_SIZE = 10;
/** A server that does not answer fails start and requests in this long, instead of hanging. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 10_000;

export async function openPostgres(url: string): Promise<Db> {
  const { Pool } = await import('pg');
  const pool = new Pool({
    connectionString: url,
    max: POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
  });
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; with
  // no listener that would crash the process. The pool drops the client and the next query
  // connects again, so there is nothing else to do here.
  pool.on('error', () => {});
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}
