// The metering contract: every database backend counts quotas and credits exactly. A suite
// opens one Database and one Metering per backend; each test makes its own account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetering, type Metering } from '../../src/metering/index.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import type { DatabaseFixture, DatabaseFixtureFactory } from './db-fixture.ts';
import { meteringAccountCases } from './metering-accounts.contract.ts';
import { newAccount, rejection, tally, testPlans } from './metering-helpers.ts';

export interface MeteringContext {
  db(): Database;
  metering(): Metering;
  fixture(): DatabaseFixture;
}

const RACERS = 50;

function raceCases({ db, metering }: MeteringContext): void {
  it('lets exactly 10 of 50 concurrent reserves take the last 10 credits', async () => {
    const accountId = await newAccount(db(), 'credits');
    await metering().addCredits(accountId, 10);
    const race = await tally(Array.from({ length: RACERS }, () => metering().reserve(accountId)));
    expect(race.reservations).toHaveLength(10);
    expect(race.failures).toEqual({ INSUFFICIENT_CREDITS: 40 });
    const usage = await metering().usage(accountId);
    expect(usage.credits.balance).toBe(0);
    expect(usage.renders_this_month).toBe(10);
  });

  it('lets exactly 10 of 50 concurrent reserves into a monthly quota of 10', async () => {
    const accountId = await newAccount(db(), 'quota10');
    const race = await tally(Array.from({ length: RACERS }, () => metering().reserve(accountId)));
    expect(race.reservations).toHaveLength(10);
    expect(race.failures).toEqual({ QUOTA_EXCEEDED: 40 });
    expect(await metering().quota(accountId)).toMatchObject({ limit: 10, remaining: 0 });
    expect((await metering().usage(accountId)).renders_this_month).toBe(10);
  });

  it('counts no quota for a reserve refused for want of credits, even while racing', async () => {
    const accountId = await newAccount(db(), 'both');
    await metering().addCredits(accountId, 4);
    const race = await tally(Array.from({ length: RACERS }, () => metering().reserve(accountId)));
    expect(race.reservations).toHaveLength(4);
    expect(race.failures).toEqual({ INSUFFICIENT_CREDITS: 46 });
    expect(await metering().usage(accountId)).toMatchObject({
      renders_this_month: 4,
      remaining_quota: 6,
      credits: { metered: true, balance: 0 },
    });
  });

  it('stops at the quota before the credits run out when both limit', async () => {
    const accountId = await newAccount(db(), 'both');
    await metering().addCredits(accountId, 25);
    const race = await tally(Array.from({ length: RACERS }, () => metering().reserve(accountId)));
    expect(race.reservations).toHaveLength(10);
    expect(race.failures).toEqual({ QUOTA_EXCEEDED: 40 });
    expect((await metering().usage(accountId)).credits.balance).toBe(15);
  });

  it('gives refunds back exactly, even when they race new reserves', async () => {
    const accountId = await newAccount(db(), 'both');
    await metering().addCredits(accountId, 10);
    const first = await tally(Array.from({ length: 10 }, () => metering().reserve(accountId)));
    expect(first.reservations).toHaveLength(10);
    const [refunds, second] = await Promise.all([
      Promise.all(first.reservations.slice(0, 6).map((r) => r.refund())),
      tally(Array.from({ length: 20 }, () => metering().reserve(accountId))),
    ]);
    expect(refunds).toHaveLength(6);
    // 6 units came back; each went to at most one new reserve, none was lost or doubled.
    const usage = await metering().usage(accountId);
    expect(usage.credits.balance + second.reservations.length).toBe(6);
    expect(usage.renders_this_month).toBe(4 + second.reservations.length);
  });
}

function reservationCases({ db, metering }: MeteringContext): void {
  it('reports the quota and credits left right after the charge', async () => {
    const accountId = await newAccount(db(), 'both');
    await metering().addCredits(accountId, 7);
    const reservation = await metering().reserve(accountId, 3);
    expect(reservation.quota).toMatchObject({ limit: 10, remaining: 7 });
    expect(reservation.credits).toEqual({ metered: true, used: 3, balance: 4 });
    expect(reservation.state).toBe('open');
  });

  it('refunds once however often refund() is called, and never after commit()', async () => {
    const accountId = await newAccount(db(), 'both');
    await metering().addCredits(accountId, 5);
    const refunded = await metering().reserve(accountId, 3);
    await Promise.all([refunded.refund(), refunded.refund()]);
    await refunded.refund();
    await refunded.commit();
    expect(refunded.state).toBe('refunded');
    const committed = await metering().reserve(accountId, 2);
    await committed.commit();
    await committed.commit();
    await committed.refund();
    expect(committed.state).toBe('committed');
    expect(await metering().usage(accountId)).toMatchObject({
      renders_this_month: 2,
      credits: { balance: 3 },
    });
  });

  it('says how many credits a render needs and how many the account has', async () => {
    const accountId = await newAccount(db(), 'credits');
    await metering().addCredits(accountId, 2);
    const error = await rejection(metering().reserve(accountId, 4));
    expect(error.code).toBe('INSUFFICIENT_CREDITS');
    expect(error.status).toBe(402);
    expect(error.message).toMatch(/needs 4 credits and the balance is 2/);
    expect(error.details).toMatchObject({ required: 4, balance: 2, plan: 'credits' });
  });

  it('answers QUOTA_EXCEEDED with the limit, the use, Retry-After and X-RateLimit-* headers', async () => {
    const accountId = await newAccount(db(), 'quota10');
    await metering().reserve(accountId, 10);
    const error = await rejection(metering().reserve(accountId));
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/allows 10 renders a month, 10 used in \d{4}-\d{2} and 1 more asked for/);
    expect(error.headers).toMatchObject({ 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '0' });
    expect(Number(error.headers?.['Retry-After'])).toBeGreaterThan(0);
  });

  it('touches no counter on a plan that meters nothing', async () => {
    const accountId = await newAccount(db());
    const reservation = await metering().reserve(accountId, 5);
    expect(reservation.credits).toEqual({ metered: false, used: 0, balance: null });
    await reservation.refund();
    expect(reservation.state).toBe('refunded');
    expect(await db().metering.used(accountId, reservation.period)).toBe(0);
    expect((await metering().usage(accountId)).renders_this_month).toBeNull();
  });
}

export function runMeteringContract(name: string, createFixture: DatabaseFixtureFactory): void {
  describe(`metering contract: ${name}`, () => {
    let fixture: DatabaseFixture | undefined;
    let db: Database | undefined;
    let metering: Metering | undefined;

    beforeAll(async () => {
      fixture = await createFixture();
      db = await createDatabase(fixture.options);
      metering = await createMetering({ db, plans: testPlans, defaultPlan: 'unlimited' });
    });

    afterAll(async () => {
      await metering?.close();
      await db?.close();
      await fixture?.destroy();
    });

    const context: MeteringContext = {
      db: () => db ?? fail('database not open'),
      metering: () => metering ?? fail('metering not created'),
      fixture: () => fixture ?? fail('fixture not created'),
    };
    describe('races', () => raceCases(context));
    describe('reservations', () => reservationCases(context));
    describe('accounts', () => meteringAccountCases(context));
  });
}

function fail(message: string): never {
  throw new Error(message);
}
