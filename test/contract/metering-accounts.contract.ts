// Metering contract, per account: plans (default at read time, changes, features), credits
// kept within bounds, usage numbers, and months that start over on the 1st (UTC).
import { expect, it } from 'vitest';
import { createMetering, FEATURES } from '../../src/metering/index.ts';
import type { MeteringContext } from './metering.contract.ts';
import { newAccount, rejection, testPlans } from './metering-helpers.ts';

export function meteringAccountCases({ db, metering }: MeteringContext): void {
  it('puts an account with no plan on the default plan of the moment', async () => {
    const accountId = await newAccount(db());
    expect((await metering().usage(accountId)).plan).toBe('unlimited');
    const other = await createMetering({ db: db(), plans: testPlans, defaultPlan: 'free' });
    try {
      expect((await other.usage(accountId)).plan).toBe('free');
    } finally {
      await other.close();
    }
  });

  it('reports usage: plan, period, renders, quota, credits, rate limit and features', async () => {
    const accountId = await newAccount(db(), 'free');
    await metering().reserve(accountId, 3);
    const usage = await metering().usage(accountId);
    expect(usage).toEqual({
      plan: 'free',
      period: new Date().toISOString().slice(0, 7),
      renders_this_month: 3,
      monthly_quota: 100,
      remaining_quota: 97,
      credits: { metered: false, balance: 0 },
      rate_limit: { per_minute: 5 },
      features: ['png', 'jpeg'],
    });
    expect((await metering().usage(await newAccount(db()))).features).toEqual([...FEATURES]);
  });

  it('changes plans by name and refuses a name that is not configured', async () => {
    const accountId = await newAccount(db());
    await metering().setPlan(accountId, 'quota10');
    expect((await metering().usage(accountId)).plan).toBe('quota10');
    const unknown = await rejection(metering().setPlan(accountId, 'gold'));
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.message).toMatch(/Unknown plan "gold"; plans: unlimited, credits, quota10, both, free/);
    expect((await rejection(metering().setPlan('acc_missing', 'free'))).code).toBe('NOT_FOUND');
  });

  it('requires features by plan, naming the feature, the plan and the plans that have it', async () => {
    const accountId = await newAccount(db(), 'free');
    await metering().requireFeature(accountId, 'png');
    const error = await rejection(metering().requireFeature(accountId, 'webp'));
    expect(error.code).toBe('PLAN_REQUIRED');
    expect(error.status).toBe(402);
    expect(error.message).toBe(
      'Feature "webp" is not in plan "free"; plans that include it: unlimited, credits, quota10, both.',
    );
  });

  it('keeps the balance at 0 or more when credits are taken away', async () => {
    const accountId = await newAccount(db(), 'credits');
    expect(await metering().addCredits(accountId, 5)).toBe(5);
    expect(await metering().addCredits(accountId, -20)).toBe(0);
    expect(await metering().addCredits(accountId, 0)).toBe(0);
    expect((await rejection(metering().addCredits('acc_missing', 5))).code).toBe('NOT_FOUND');
    expect((await rejection(metering().addCredits(accountId, 1.5))).code).toBe('VALIDATION_FAILED');
  });

  it('starts the quota over on the 1st of the month (UTC), refunding to the month charged', async () => {
    let clock = new Date('2025-01-31T23:59:58.500Z');
    const timed = await createMetering({
      db: db(),
      plans: testPlans,
      defaultPlan: 'unlimited',
      now: () => clock,
    });
    try {
      const accountId = await newAccount(db(), 'quota10');
      const january = await timed.reserve(accountId, 10);
      expect(january.period).toBe('2025-01');
      const full = await rejection(timed.reserve(accountId));
      expect(full.headers?.['Retry-After']).toBe('2');
      expect(full.details?.reset_at).toBe(Date.parse('2025-02-01T00:00:00Z') / 1000);

      clock = new Date('2025-02-01T00:00:00.000Z');
      const february = await timed.reserve(accountId);
      expect(february.quota).toMatchObject({ limit: 10, remaining: 9 });
      await january.refund();
      expect(await db().metering.used(accountId, '2025-01')).toBe(0);
      expect(await timed.usage(accountId)).toMatchObject({ period: '2025-02', renders_this_month: 1 });
      expect(await timed.quota(accountId)).toEqual({
        limit: 10,
        remaining: 9,
        resetAt: Date.parse('2025-03-01T00:00:00Z') / 1000,
      });
    } finally {
      await timed.close();
    }
  });
}
