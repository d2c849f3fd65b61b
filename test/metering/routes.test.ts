// GET /v1/usage and the install-admin routes for plans and credits, through Fastify inject,
// plus the metering errors as a client sees them: status, envelope and headers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInstallAccount } from '../../src/auth/keys.ts';
import { createMetering, type Metering } from '../../src/metering/index.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import { newAccount, testPlans } from '../contract/metering-helpers.ts';
import { createSqliteFixture } from '../storage/fixtures.ts';
import { createMeteringApp } from './app.ts';

const storage = await createSqliteFixture();
let parts: { db: Database; metering: Metering; app: FastifyInstance } | undefined;
const get = () => parts ?? fail('app not built');

beforeAll(async () => {
  const db = await createDatabase(storage.options);
  await ensureInstallAccount(db);
  const metering = await createMetering({ db, plans: testPlans, defaultPlan: 'unlimited' });
  parts = { db, metering, app: await createMeteringApp(metering) };
});
afterAll(async () => {
  await parts?.app.close();
  await parts?.metering.close();
  await parts?.db.close();
  await storage.destroy();
});

function fail(message: string): never {
  throw new Error(message);
}

const admin = { 'x-test-as': 'install-admin' };
const inject = (method: 'GET' | 'PUT' | 'POST', url: string, as: Record<string, string>, payload?: object) =>
  get().app.inject({ method, url, headers: as, payload });

describe('GET /v1/usage', () => {
  it("answers the caller's own account", async () => {
    const accountId = await newAccount(get().db, 'free');
    const res = await inject('GET', '/v1/usage', { 'x-test-as': `member:${accountId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      account_id: accountId,
      plan: 'free',
      renders_this_month: 0,
      monthly_quota: 100,
      remaining_quota: 100,
      credits: { metered: false, balance: 0 },
      rate_limit: { per_minute: 5 },
      features: ['png', 'jpeg'],
    });
  });
});

describe('install-admin routes', () => {
  it('puts an account on a plan and adds and corrects credits, never below 0', async () => {
    const accountId = await newAccount(get().db);
    const plan = await inject('PUT', `/v1/accounts/${accountId}/plan`, admin, { plan: 'credits' });
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({ account_id: accountId, plan: 'credits', credits: { metered: true } });
    const added = await inject('POST', `/v1/accounts/${accountId}/credits`, admin, { amount: 25 });
    expect(added.json()).toMatchObject({ credits: { balance: 25 } });
    const corrected = await inject('POST', `/v1/accounts/${accountId}/credits`, admin, { amount: -100 });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ credits: { balance: 0 } });
  });

  it('refuses bad input with 400 and a clear message', async () => {
    const accountId = await newAccount(get().db);
    const cases: ['PUT' | 'POST', string, object, RegExp][] = [
      [
        'PUT',
        'plan',
        { plan: 'gold' },
        /Unknown plan "gold"; plans: unlimited, credits, quota10, both, free/,
      ],
      ['PUT', 'plan', {}, /body\.plan is required/],
      ['PUT', 'plan', { plan: 'free', extra: 1 }, /body\.extra is not a known field/],
      ['POST', 'credits', { amount: '5' }, /body\.amount must be of type integer; received: "5"/],
      ['POST', 'credits', { amount: 1.5 }, /body\.amount must be of type integer; received: 1\.5/],
      ['POST', 'credits', { amount: 3_000_000_000 }, /body\.amount must be <= 2000000000/],
    ];
    for (const [method, what, body, message] of cases) {
      const res = await inject(method, `/v1/accounts/${accountId}/${what}`, admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toMatch(message);
    }
  });

  it('answers 404 for an account that does not exist', async () => {
    for (const [method, what, body] of [
      ['PUT', 'plan', { plan: 'free' }],
      ['POST', 'credits', { amount: 5 }],
    ] as const) {
      const res = await inject(method, `/v1/accounts/acc_nobody/${what}`, admin, body);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'No account "acc_nobody".' });
    }
  });

  it('is closed to admins of other accounts and to member keys', async () => {
    const accountId = await newAccount(get().db);
    for (const role of ['admin', 'member']) {
      const as = { 'x-test-as': `${role}:${accountId}` };
      const res = await inject('POST', `/v1/accounts/${accountId}/credits`, as, { amount: 1000 });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await get().metering.usage(accountId)).credits.balance).toBe(0);
  });
});

describe('metering errors on a render route', () => {
  it('sends X-RateLimit-* on success, then 429 RATE_LIMITED with Retry-After', async () => {
    const as = { 'x-test-as': `member:${await newAccount(get().db, 'free')}` };
    for (let i = 0; i < 5; i++) {
      const ok = await inject('POST', '/v1/test-render', as);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    const limited = await inject('POST', '/v1/test-render', as);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
  });

  it('answers 402 PLAN_REQUIRED naming the feature, and 402 INSUFFICIENT_CREDITS', async () => {
    const free = { 'x-test-as': `member:${await newAccount(get().db, 'free')}` };
    const webp = await inject('POST', '/v1/test-render?format=webp', free);
    expect(webp.statusCode).toBe(402);
    expect(webp.json().error).toMatchObject({ code: 'PLAN_REQUIRED', details: { feature: 'webp' } });
    const broke = { 'x-test-as': `member:${await newAccount(get().db, 'credits')}` };
    const res = await inject('POST', '/v1/test-render', broke);
    expect(res.statusCode).toBe(402);
    expect(res.json().error.code).toBe('INSUFFICIENT_CREDITS');
  });

  it('charges a credit for a render, none for a cache hit or a failed render', async () => {
    const accountId = await newAccount(get().db, 'credits');
    await get().metering.addCredits(accountId, 3);
    const as = { 'x-test-as': `member:${accountId}` };
    expect((await inject('POST', '/v1/test-render?cached=1', as)).statusCode).toBe(200);
    expect((await inject('POST', '/v1/test-render?fail=1', as)).statusCode).toBe(500);
    const rendered = await inject('POST', '/v1/test-render', as);
    expect(rendered.json().credits).toEqual({ metered: true, used: 1, balance: 2 });
    expect(await get().metering.usage(accountId)).toMatchObject({
      renders_this_month: 1,
      credits: { balance: 2 },
    });
  });
});
