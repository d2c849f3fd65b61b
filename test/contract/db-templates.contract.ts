// Contract cases for templates: CRUD, versions and pinning, soft delete, pagination.
import { describe, expect, it } from 'vitest';
import type { Database, NewTemplate } from '../../src/storage/db/index.ts';
import type { ContractContext } from './db.contract.ts';

export function sampleTemplate(accountId: string, overrides: Partial<NewTemplate> = {}): NewTemplate {
  return {
    accountId,
    name: 'Launch card',
    description: 'The card for launch posts',
    kind: 'jsx',
    source: 'export default () => <div>v1</div>',
    compiled: 'compiled v1',
    schema: [{ name: 'title', type: 'text', default: 'Hello' }],
    options: { width: 1200, height: 630, format: 'png' },
    ...overrides,
  };
}

export async function newAccount(db: Database, name = 'templates'): Promise<string> {
  return (await db.accounts.create({ name })).id;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

export function templateCases({ db }: ContractContext): void {
  describe('templates', () => {
    it('creates version 1 and reads back exactly what was stored', async () => {
      const accountId = await newAccount(db());
      const created = await db().templates.create(sampleTemplate(accountId));
      expect(created.id.startsWith('tpl_')).toBe(true);
      expect(created).toMatchObject({ ...sampleTemplate(accountId), version: 1, currentVersion: 1 });
      expect(await db().templates.get(accountId, created.id)).toEqual(created);
      expect(await db().templates.get(accountId, created.id, 1)).toEqual(created);
    });

    it('makes a new version for a metadata-only change, copying the previous content', async () => {
      const accountId = await newAccount(db());
      const created = await db().templates.create(sampleTemplate(accountId));
      const renamed = await db().templates.update(accountId, created.id, { name: 'Renamed' });
      expect(renamed).toMatchObject({ name: 'Renamed', version: 2, currentVersion: 2 });
      expect(renamed).toMatchObject({
        source: created.source,
        compiled: created.compiled,
        schema: created.schema,
      });
      expect(renamed?.options).toEqual(created.options);
    });

    it('replaces content, and drops build output that belonged to the old source', async () => {
      const accountId = await newAccount(db());
      const { id } = await db().templates.create(sampleTemplate(accountId));
      const v2 = await db().templates.update(accountId, id, { source: 'v2' });
      expect(v2).toMatchObject({ version: 2, source: 'v2', compiled: null });
      const v3 = await db().templates.update(accountId, id, {
        source: 'v3',
        compiled: 'compiled v3',
        schema: { changed: true },
        options: { width: 600 },
      });
      expect(v3).toMatchObject({
        version: 3,
        source: 'v3',
        compiled: 'compiled v3',
        schema: { changed: true },
      });
      expect(v3?.options).toEqual({ width: 600 });
    });

    it('makes no version for an empty patch', async () => {
      const accountId = await newAccount(db());
      const created = await db().templates.create(sampleTemplate(accountId));
      expect(await db().templates.update(accountId, created.id, {})).toEqual(created);
    });

    it('keeps old versions readable with their old content', async () => {
      const accountId = await newAccount(db());
      const { id } = await db().templates.create(sampleTemplate(accountId));
      await db().templates.update(accountId, id, { source: 'second' });
      await db().templates.update(accountId, id, { source: 'third', options: { width: 10 } });
      expect(await db().templates.get(accountId, id, 1)).toMatchObject({ version: 1, currentVersion: 3 });
      expect((await db().templates.get(accountId, id, 1))?.source).toBe(sampleTemplate(accountId).source);
      expect((await db().templates.get(accountId, id, 2))?.source).toBe('second');
      expect(await db().templates.get(accountId, id)).toMatchObject({ version: 3, source: 'third' });
      expect(await db().templates.get(accountId, id, 4)).toBeUndefined();
      const versions = await db().templates.versions(accountId, id);
      expect(versions?.map((v) => v.version)).toEqual([3, 2, 1]);
      expect(versions?.[0]?.options).toEqual({ width: 10 });
    });

    it('names the version a read would give, and nothing for what a read would not find', async () => {
      const accountId = await newAccount(db());
      const other = await newAccount(db(), 'other');
      const { id } = await db().templates.create(sampleTemplate(accountId));
      await db().templates.update(accountId, id, { source: 'second' });
      expect(await db().templates.versionOf(accountId, id)).toBe(2);
      expect(await db().templates.versionOf(accountId, id, 1)).toBe(1);
      expect(await db().templates.versionOf(accountId, id, 3)).toBeUndefined();
      expect(await db().templates.versionOf(other, id)).toBeUndefined();
      expect(await db().templates.versionOf(accountId, 'tpl_missing')).toBeUndefined();
      await db().templates.delete(accountId, id);
      expect(await db().templates.versionOf(accountId, id)).toBeUndefined();
      expect(await db().templates.versionOf(accountId, id, 1)).toBeUndefined();
    });

    it('soft-deletes: the template and every version read as missing, once', async () => {
      const accountId = await newAccount(db());
      const { id } = await db().templates.create(sampleTemplate(accountId));
      await db().templates.update(accountId, id, { name: 'two' });
      expect(await db().templates.delete(accountId, id)).toBe(true);
      expect(await db().templates.get(accountId, id)).toBeUndefined();
      expect(await db().templates.get(accountId, id, 1)).toBeUndefined();
      expect(await db().templates.update(accountId, id, { name: 'again' })).toBeUndefined();
      expect(await db().templates.versions(accountId, id)).toBeUndefined();
      expect((await db().templates.list(accountId)).items).toEqual([]);
      expect(await db().templates.delete(accountId, id)).toBe(false);
    });

    it('lists newest first in pages that neither skip nor repeat', async () => {
      const accountId = await newAccount(db());
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await db().templates.create(sampleTemplate(accountId, { name: `t${i}` }))).id);
        await tick();
      }
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<Database['templates']['list']>> = await db().templates.list(
          accountId,
          {
            limit: 2,
            cursor,
          },
        );
        seen.push(...page.items.map((t) => t.id));
        sizes.push(page.items.length);
        cursor = page.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([2, 2, 1]);
      expect(seen).toEqual([...ids].reverse());
      const [first] = (await db().templates.list(accountId, { limit: 1 })).items;
      expect(first).toMatchObject({ name: 't4', currentVersion: 1, options: { width: 1200 } });
      expect(first).not.toHaveProperty('source');
    });

    it('rejects a cursor it did not make and names that are too long', async () => {
      const accountId = await newAccount(db());
      await expect(db().templates.list(accountId, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      await expect(
        db().templates.create(sampleTemplate(accountId, { name: 'x'.repeat(121) })),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/at most 120/) });
    });
  });
}
