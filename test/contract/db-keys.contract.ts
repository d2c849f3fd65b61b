// Contract cases for accounts, API keys, transactions and the connection itself.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './db.contract.ts';

const ID = /^[a-z]+_[A-Za-z0-9_-]{16}$/;

function newKey(): { key: string; hash: string; prefix: string } {
  const key = `pk_${randomBytes(24).toString('base64url')}`;
  return { key, hash: createHash('sha256').update(key).digest('hex'), prefix: key.slice(0, 8) };
}

export function accountAndKeyCases({ db }: ContractContext): void {
  describe('accounts', () => {
    it('creates an account with a prefixed random id and reads it back', async () => {
      const account = await db().accounts.create({ name: 'Acme' });
      expect(account.id).toMatch(ID);
      expect(account.id.startsWith('acc_')).toBe(true);
      expect(await db().accounts.get(account.id)).toEqual(account);
    });

    it('answers undefined for an unknown account', async () => {
      expect(await db().accounts.get('acc_missingmissing00')).toBeUndefined();
    });
  });

  describe('api keys', () => {
    it('finds a key by the hash of its secret, and keeps no hash in the record', async () => {
      const account = await db().accounts.create({ name: 'keys' });
      const { hash, prefix } = newKey();
      const created = await db().keys.create({
        accountId: account.id,
        name: 'ci',
        role: 'admin',
        hash,
        prefix,
      });
      expect(created).toMatchObject({
        accountId: account.id,
        name: 'ci',
        role: 'admin',
        prefix,
        revokedAt: null,
      });
      expect(created.id.startsWith('key_')).toBe(true);
      expect(created).not.toHaveProperty('hash');
      expect(await db().keys.findActiveByHash(hash)).toEqual(created);
      expect(await db().keys.findActiveByHash(newKey().hash)).toBeUndefined();
    });

    it('rejects a second key with the same hash', async () => {
      const account = await db().accounts.create({ name: 'dup' });
      const key = { accountId: account.id, name: 'a', role: 'member' as const, ...newKey() };
      await db().keys.create(key);
      await expect(db().keys.create(key)).rejects.toThrow();
    });

    it('lists only the account’s keys, newest first', async () => {
      const [a, b] = [await db().accounts.create({ name: 'a' }), await db().accounts.create({ name: 'b' })];
      const first = await db().keys.create({ accountId: a.id, name: 'first', role: 'admin', ...newKey() });
      await new Promise((resolve) => setTimeout(resolve, 3));
      const second = await db().keys.create({ accountId: a.id, name: 'second', role: 'member', ...newKey() });
      await db().keys.create({ accountId: b.id, name: 'other', role: 'admin', ...newKey() });
      expect((await db().keys.list(a.id)).map((k) => k.id)).toEqual([second.id, first.id]);
    });

    it('revokes a key within its account only, after which it is not found', async () => {
      const [a, b] = [await db().accounts.create({ name: 'a' }), await db().accounts.create({ name: 'b' })];
      const secret = newKey();
      const key = await db().keys.create({ accountId: a.id, name: 'k', role: 'member', ...secret });
      expect(await db().keys.revoke(b.id, key.id)).toBe(false);
      expect(await db().keys.findActiveByHash(secret.hash)).toBeDefined();
      expect(await db().keys.revoke(a.id, key.id)).toBe(true);
      expect(await db().keys.findActiveByHash(secret.hash)).toBeUndefined();
      expect(await db().keys.revoke(a.id, key.id)).toBe(false);
      const [listed] = await db().keys.list(a.id);
      expect(listed?.revokedAt).toEqual(expect.any(String));
    });

    it('counts active keys only', async () => {
      const account = await db().accounts.create({ name: 'count' });
      const before = await db().keys.countActive();
      await db().keys.create({ accountId: account.id, name: 'x', role: 'admin', ...newKey() });
      const revoked = await db().keys.create({
        accountId: account.id,
        name: 'y',
        role: 'admin',
        ...newKey(),
      });
      await db().keys.revoke(account.id, revoked.id);
      expect(await db().keys.countActive()).toBe(before + 1);
    });

    it('records last use, at most once per interval', async () => {
      const account = await db().accounts.create({ name: 'touch' });
      const secret = newKey();
      const key = await db().keys.create({ accountId: account.id, name: 't', role: 'admin', ...secret });
      await db().keys.touch(key.id);
      const touched = (await db().keys.findActiveByHash(secret.hash))?.lastUsedAt;
      expect(touched).toEqual(expect.any(String));
      await new Promise((resolve) => setTimeout(resolve, 3));
      await db().keys.touch(key.id);
      expect((await db().keys.findActiveByHash(secret.hash))?.lastUsedAt).toBe(touched);
    });
  });

  describe('transactions and connection', () => {
    it('commits every write of transaction(fn) together', async () => {
      const { account, key } = await db().transaction(async (tx) => {
        const account = await tx.accounts.create({ name: 'tx' });
        const key = await tx.keys.create({ accountId: account.id, name: 'k', role: 'admin', ...newKey() });
        return { account, key };
      });
      expect(await db().accounts.get(account.id)).toEqual(account);
      expect((await db().keys.list(account.id)).map((k) => k.id)).toEqual([key.id]);
    });

    it('rolls every write back when fn throws', async () => {
      let id = '';
      await expect(
        db().transaction(async (tx) => {
          id = (await tx.accounts.create({ name: 'rolled back' })).id;
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await db().accounts.get(id)).toBeUndefined();
    });

    it('rejects use of the outer database inside transaction(fn) instead of hanging', async () => {
      await expect(db().transaction(() => db().accounts.get('acc_x'))).rejects.toThrow(/tx argument/);
      // The connection is free again afterwards.
      await db().ping();
    });

    it('refuses a template for an account that does not exist (foreign keys are on)', async () => {
      await expect(
        db().templates.create({
          accountId: 'acc_doesnotexist0000',
          name: 'n',
          description: '',
          kind: 'html',
          source: 'x',
          compiled: null,
          schema: [],
          options: {},
        }),
      ).rejects.toThrow();
    });
  });
}
