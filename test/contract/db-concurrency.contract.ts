// Contract cases for migrations and concurrent writers: in one process, and in two processes
// on the same storage (same PostgreSQL schema, or same SQLite file).
import { describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import type { ContractContext } from './db.contract.ts';
import { runWorkers } from './db-spawn.ts';
import { newAccount, sampleTemplate } from './db-templates.contract.ts';
import { migrationProvider } from '../../src/storage/db/migrations.ts';

/** Every migration, in the order they run: one process applies them all, the other none. */
const ALL_MIGRATIONS = Object.keys(await migrationProvider('sqlite').getMigrations()).sort();

const UPDATES_PER_WRITER = 25;
const PROCESS_TIMEOUT_MS = 120_000;

/** The patches writer `tag` makes, as db-worker.ts makes them: source on even steps, name on odd. */
function sourcesOf(tag: string): string[] {
  return Array.from({ length: UPDATES_PER_WRITER }, (_, i) => `${tag}-${i}`).filter((_, i) => i % 2 === 0);
}

async function update(db: Database, accountId: string, id: string, tag: string): Promise<number[]> {
  const versions: number[] = [];
  for (let i = 0; i < UPDATES_PER_WRITER; i++) {
    const patch = i % 2 === 0 ? { source: `${tag}-${i}` } : { name: `${tag}-${i}` };
    const updated = await db.templates.update(accountId, id, patch);
    versions.push(updated?.version ?? -1);
  }
  return versions;
}

/**
 * No update lost, none doubled: versions 2..51 each made once, every source change present
 * exactly once, and every metadata-only version carrying its predecessor's source.
 */
async function expectEveryUpdateKept(db: Database, accountId: string, id: string, byWriter: number[][]) {
  const total = byWriter.flat().length;
  expect(byWriter.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 2));
  expect((await db.templates.get(accountId, id))?.currentVersion).toBe(total + 1);
  expect((await db.templates.versions(accountId, id))?.length).toBe(total + 1);

  const sources: string[] = [];
  for (let v = 1; v <= total + 1; v++) sources.push((await db.templates.get(accountId, id, v))?.source ?? '');
  const changes = sources.filter((source, v) => v > 0 && source !== sources[v - 1]);
  expect(changes.sort()).toEqual([...sourcesOf('A'), ...sourcesOf('B')].sort());

  // How often the writer changed between consecutive versions: shows the writes overlapped.
  const owner = new Map(byWriter.flatMap((versions, w) => versions.map((v) => [v, w] as const)));
  const switches = Array.from({ length: total - 1 }, (_, i) => i + 2).filter(
    (v) => owner.get(v) !== owner.get(v + 1),
  ).length;
  console.info(`[db contract] ${total} concurrent updates, writer switched ${switches} times`);
}

export function concurrencyCases({ db, fixture, createFixture }: ContractContext): void {
  describe('migrations', () => {
    it('migrates fresh storage once, and finds nothing to do when opened again', async () => {
      const fresh = await createFixture();
      try {
        const applied: (readonly string[])[] = [];
        const first = await createDatabase({ ...fresh.options, onMigrated: (names) => applied.push(names) });
        const account = await first.accounts.create({ name: 'kept' });
        await first.close();
        const second = await createDatabase({ ...fresh.options, onMigrated: (names) => applied.push(names) });
        expect(await second.accounts.get(account.id)).toEqual(account);
        await second.close();
        expect(applied).toEqual([ALL_MIGRATIONS, []]);
      } finally {
        await fresh.destroy();
      }
    });

    it(
      'lets two processes open fresh storage at once: one migrates, the other waits and finds it done',
      async () => {
        const fresh = await createFixture();
        try {
          const reports = await runWorkers([
            { mode: 'open', options: fresh.options },
            { mode: 'open', options: fresh.options },
          ]);
          expect(reports.map((r) => r.applied).sort()).toEqual([[], ALL_MIGRATIONS]);
        } finally {
          await fresh.destroy();
        }
      },
      PROCESS_TIMEOUT_MS,
    );
  });

  describe('concurrent writers', () => {
    it('loses no update from two concurrent writers in one process', async () => {
      const accountId = await newAccount(db());
      const { id } = await db().templates.create(sampleTemplate(accountId));
      const byWriter = await Promise.all([
        update(db(), accountId, id, 'A'),
        update(db(), accountId, id, 'B'),
      ]);
      await expectEveryUpdateKept(db(), accountId, id, byWriter);
    });

    it(
      'loses no update from two processes writing the same template at once',
      async () => {
        const accountId = await newAccount(db());
        const { id } = await db().templates.create(sampleTemplate(accountId));
        const job = { mode: 'update', options: fixture().options, accountId, templateId: id } as const;
        const reports = await runWorkers([
          { ...job, tag: 'A', count: UPDATES_PER_WRITER },
          { ...job, tag: 'B', count: UPDATES_PER_WRITER },
        ]);
        await expectEveryUpdateKept(
          db(),
          accountId,
          id,
          reports.map((r) => r.versions ?? []),
        );
      },
      PROCESS_TIMEOUT_MS,
    );
  });
}
