// Contract cases for webhook delivery records: every attempt is kept as written, read back
// oldest first for its job only, and another account's job has none.
import { describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../src/storage/db/index.ts';
import type { ContractContext } from './db.contract.ts';
import { newAccount } from './db-templates.contract.ts';

const attempt = (accountId: string, jobId: string, n: number, overrides: Partial<WebhookDelivery> = {}) => ({
  accountId,
  jobId,
  url: 'https://hooks.example/placard',
  attempt: n,
  outcome: 'failed' as const,
  status: 503,
  error: 'answered 503',
  durationMs: 12.6,
  nextAttemptAt: '2030-01-01T00:00:00.000Z',
  ...overrides,
});

export function webhookDeliveryCases({ db }: ContractContext): void {
  describe('webhook deliveries', () => {
    it('keeps every attempt as written and lists a job’s attempts oldest first', async () => {
      const account = await newAccount(db(), 'hooks');
      const first = await db().webhookDeliveries.record(attempt(account, 'job_a', 1));
      const second = await db().webhookDeliveries.record(
        attempt(account, 'job_a', 2, {
          outcome: 'delivered',
          status: 204,
          error: null,
          durationMs: 3,
          nextAttemptAt: null,
        }),
      );
      await db().webhookDeliveries.record(attempt(account, 'job_b', 1, { outcome: 'refused', status: null }));

      expect(first.id).toMatch(/^whd_/);
      expect(first).toMatchObject({ attempt: 1, outcome: 'failed', status: 503, durationMs: 13 });
      const listed = await db().webhookDeliveries.list(account, 'job_a');
      expect(listed).toEqual([first, second]);
      expect(listed[1]).toMatchObject({
        outcome: 'delivered',
        status: 204,
        error: null,
        nextAttemptAt: null,
      });
      expect((await db().webhookDeliveries.list(account, 'job_b')).map((d) => d.outcome)).toEqual([
        'refused',
      ]);
      expect(await db().webhookDeliveries.list(account, 'job_none')).toEqual([]);
    });

    it('shows another account none of a job’s attempts', async () => {
      const owner = await newAccount(db(), 'owner');
      const other = await newAccount(db(), 'other');
      await db().webhookDeliveries.record(attempt(owner, 'job_shared_id', 1));
      expect(await db().webhookDeliveries.list(other, 'job_shared_id')).toEqual([]);
      expect(await db().webhookDeliveries.list(owner, 'job_shared_id')).toHaveLength(1);
    });

    it('records inside a transaction only when it commits', async () => {
      const account = await newAccount(db(), 'tx');
      await expect(
        db().transaction(async (tx) => {
          await tx.webhookDeliveries.record(attempt(account, 'job_tx', 1));
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await db().webhookDeliveries.list(account, 'job_tx')).toEqual([]);
    });
  });
}
