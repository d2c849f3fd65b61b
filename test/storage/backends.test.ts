// Backend choice and what each backend promises beyond the contract: where SQLite keeps its
// file and in which journal mode, and that a SQLite install never loads pg.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDatabase, dialectOf, SQLITE_FILE } from '../../src/storage/db/index.ts';
import { createSqliteFixture } from './fixtures.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../..');

describe('backend selection', () => {
  it('picks SQLite without a URL and PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(dialectOf(undefined)).toBe('sqlite');
    expect(dialectOf('')).toBe('sqlite');
    expect(dialectOf('postgres://u@h/db')).toBe('postgres');
    expect(dialectOf('POSTGRESQL://u@h/db')).toBe('postgres');
  });

  it('refuses other URLs without echoing their credentials', () => {
    expect(() => dialectOf('mysql://root:hunter2@db/placard')).toThrow(
      /postgres:\/\/.*received a mysql: URL/,
    );
    expect(() => dialectOf('mysql://root:hunter2@db/placard')).not.toThrow(/hunter2/);
  });
});

describe('sqlite backend', () => {
  it('keeps one file in the data folder, in WAL mode', async () => {
    const fixture = await createSqliteFixture();
    try {
      const db = await createDatabase(fixture.options);
      await db.accounts.create({ name: 'file' });
      await db.close();
      const raw = new BetterSqlite3(path.join(fixture.options.dataDir, SQLITE_FILE), { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('select count(*) as n from accounts').get()).toEqual({ n: 1 });
      raw.close();
    } finally {
      await fixture.destroy();
    }
  });

  it('never loads pg', async () => {
    const fixture = await createSqliteFixture();
    // A fresh process: this test process has pg loaded already for the PostgreSQL tests.
    const script = `
      import { createRequire } from 'node:module';
      import { createDatabase } from './src/storage/db/index.ts';
      const db = await createDatabase({ dataDir: ${JSON.stringify(fixture.options.dataDir)} });
      await db.ping();
      await db.close();
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((file) => file.includes('/node_modules/pg/'))));
    `;
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: projectRoot,
        },
      );
      expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual([]);
    } finally {
      await fixture.destroy();
    }
  });
});
