// Contract cases for async batches: a batch keeps its job ids in item order, another
// account's batch reads as missing, and its completion is claimed exactly once, even by
// claims racing on two connections (two nodes).
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/storage/db/index.ts';
import type { ContractContext } from './db.contract.ts';
import { newAccount } from './db-templates.contract.ts';

export function batchCases({ db, fixture }: ContractContext): void {
  describe('batches', () => {
    it('keeps the job ids in item order and the webhook, and reads back only in its account', async () => {
      const account = await newAccount(db(), 'batches');
      const other = await newAccount(db(), 'other batches');
      const created = await db().batches.create({
        id: 'bat_contract_1',
        accountId: account,
        jobIds: ['job_c', 'job_a', 'job_b'],
        webhookUrl: 'https://hooks.example/batch',
      });
      expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
      expect(created.completedAt).toBeNull();
      expect(await db().batches.get(account, 'bat_contract_1')).toEqual(created);
      expect((await db().batches.get(account, 'bat_contract_1'))?.jobIds).toEqual([
        'job_c',
        'job_a',
        'job_b',
      ]);
      expect(await db().batches.get(other, 'bat_contract_1')).toBeUndefined();
      expect(await db().batches.get(account, 'bat_none')).toBeUndefined();
    });

    it('keeps a batch without a webhook as null', async () => {
      const account = await newAccount(db(), 'batches no hook');
      await db().batches.create({
        id: 'bat_contract_2',
        accountId: account,
        jobIds: ['job_x'],
        webhookUrl: null,
      });
      expect(await db().batches.get(account, 'bat_contract_2')).toMatchObject({
        webhookUrl: null,
        jobIds: ['job_x'],
      });
    });

    it('lets one claim complete a batch, once, and shows when', async () => {
      const account = await newAccount(db(), 'batches claim');
      await db().batches.create({
        id: 'bat_contract_3',
        accountId: account,
        jobIds: ['job_y'],
        webhookUrl: null,
      });
      expect(await db().batches.claimCompletion('bat_contract_3')).toBe(true);
      expect(await db().batches.claimCompletion('bat_contract_3')).toBe(false);
      expect((await db().batches.get(account, 'bat_contract_3'))?.completedAt).toMatch(/^\d{4}-.*Z$/);
      expect(await db().batches.claimCompletion('bat_none')).toBe(false);
    });

    it('lets exactly one of many racing claims win, across two connections', async () => {
      const account = await newAccount(db(), 'batches race');
      const second = await createDatabase(fixture().options);
      try {
        for (let round = 0; round < 5; round++) {
          const id = `bat_contract_race_${round}`;
          await db().batches.create({ id, accountId: account, jobIds: ['job_z'], webhookUrl: null });
          const claims = await Promise.all(
            [db(), second, db(), second].map((node) => node.batches.claimCompletion(id)),
          );
          expect(claims.filter(Boolean)).toHaveLength(1);
        }
      } finally {
        await second.close();
      }
    });
  });
}
