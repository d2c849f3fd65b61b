// Storage for the database contract: a temp folder for SQLite, and for PostgreSQL a schema
// of its own per fixture (search_path set through the URL's `options`), so parallel runs
// and CI jobs on one server never see each other's tables.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseFixture } from '../contract/db.contract.ts';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createSqliteFixture(): Promise<DatabaseFixture> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'placard-db-'));
  return { options: { dataDir }, destroy: () => fs.rm(dataDir, { recursive: true, force: true }) };
}

/** Runs one statement on the test server with a short-lived client. */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Why the PostgreSQL tests cannot run here, or undefined when they can. */
export async function postgresUnavailable(): Promise<string | undefined> {
  try {
    await adminQuery('select 1');
    return undefined;
  } catch (error) {
    return `PostgreSQL at ${redact(TEST_POSTGRES_URL)} is not reachable (${(error as Error).message}); set TEST_POSTGRES_URL`;
  }
}

export function urlWithSearchPath(schema: string): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export async function createPostgresFixture(): Promise<DatabaseFixture & { schema: string }> {
  const schema = `placard_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  return {
    schema,
    // dataDir is unused on PostgreSQL but required; it points nowhere that exists.
    options: { url: urlWithSearchPath(schema), dataDir: path.join(os.tmpdir(), schema) },
    destroy: async () => {
      await adminQuery(`drop schema if exists ${schema} cascade`);
    },
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
