// Contract cases for async batches: a batch keeps its job ids in item order, and another
// account's batch reads as missing.
import { describe, expect, it } from 'vitest';
import type { ContractContext } from './db.contract.ts';
import { newAccount } from './db-templates.contract.ts';

export function batchCases({ db }: ContractContext): void {
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
  });
}
