// Plans over HTTP: features, credits (a cache hit and a failed render cost none), monthly
// quota, per-minute rate limit with X-RateLimit-* on every reply, and GET /v1/usage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, newAccount, type TestApp } from '../helpers/app.ts';

const plans = {
  starter: { monthly_quota: 1000, per_minute: 1000, credits: true, features: ['png', 'jpeg', 'batch'] },
  tiny: { monthly_quota: 2, per_minute: 1000, credits: false, features: 'all' },
  throttled: { per_minute: 3 },
};

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ plans: JSON.stringify(plans) });
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const errorOf = (res: { json: () => unknown }) =>
  (res.json() as { error: { code: string; message: string } }).error;

const accountOn = (plan: string, credits = 0) => newAccount(t, { plan, credits });

const render = (key: string, body: object) =>
  t.app.inject({ method: 'POST', url: '/v1/render', headers: bearer(key), payload: body });
const swatch = (colour: string, extra: object = {}) => ({
  html: `<div style="width:8px;height:8px;background:${colour}"></div>`,
  width: 8,
  height: 8,
  ...extra,
});

describe('plans', () => {
  it('refuses a format the plan does not include with 402 naming it', async () => {
    const { key } = await accountOn('starter', 5);
    const res = await render(key, swatch('red', { format: 'webp' }));
    expect(res.statusCode).toBe(402);
    expect(errorOf(res).code).toBe('PLAN_REQUIRED');
    expect(errorOf(res).message).toContain('webp');
  });

  it('spends one credit per drawn render; a cache hit and a failed render cost none', async () => {
    const { key } = await accountOn('starter', 2);
    expect((await render(key, swatch('#010101'))).statusCode).toBe(200);
    const hit = await render(key, swatch('#010101'));
    expect(hit.headers['x-cache']).toBe('HIT');
    const failed = await render(key, { html: '{{#if}}' });
    expect(failed.statusCode).toBe(400);
    expect((await render(key, swatch('#020202'))).statusCode).toBe(200);
    const broke = await render(key, swatch('#030303'));
    expect(broke.statusCode).toBe(402);
    expect(errorOf(broke).code).toBe('INSUFFICIENT_CREDITS');
    const usage = (await t.app.inject({ url: '/v1/usage', headers: bearer(key) })).json() as Json;
    expect(usage).toMatchObject({
      plan: 'starter',
      renders_this_month: 2,
      credits: { metered: true, balance: 0 },
    });
  });

  it('serves a cached image with no credits or quota left, and only within the plan', async () => {
    const { key } = await accountOn('tiny');
    expect((await render(key, swatch('#0a0a0a'))).statusCode).toBe(200);
    expect((await render(key, swatch('#0b0b0b'))).statusCode).toBe(200);
    expect(errorOf(await render(key, swatch('#0c0c0c'))).code).toBe('QUOTA_EXCEEDED');
    const hit = await render(key, swatch('#0a0a0a'));
    expect(hit.statusCode).toBe(200);
    expect(hit.headers['x-cache']).toBe('HIT');

    const broke = await accountOn('starter', 0);
    expect(errorOf(await render(broke.key, swatch('#0d0d0d'))).code).toBe('INSUFFICIENT_CREDITS');
    expect((await render(broke.key, swatch('#0a0a0a'))).headers['x-cache']).toBe('HIT');
    // The same cached bytes in a format outside the plan are still refused.
    const richer = await accountOn('tiny');
    expect((await render(richer.key, swatch('#0e0e0e', { format: 'webp' }))).statusCode).toBe(200);
    const outside = await render(broke.key, swatch('#0e0e0e', { format: 'webp' }));
    expect(outside.statusCode).toBe(402);
    expect(errorOf(outside).code).toBe('PLAN_REQUIRED');
    const usage = (await t.app.inject({ url: '/v1/usage', headers: bearer(key) })).json() as Json;
    expect(usage).toMatchObject({ renders_this_month: 2 });
  });

  it('charges a sync batch item only when it is drawn: a cached item is served with no credits left', async () => {
    const { key } = await accountOn('starter', 1);
    const batch = (items: object[]) =>
      t.app.inject({ method: 'POST', url: '/v1/render/batch', headers: bearer(key), payload: { items } });
    const first = await batch([swatch('#0f0f0f')]);
    expect(first.statusCode).toBe(200);
    const second = (await batch([swatch('#0f0f0f'), swatch('#101010')])).json() as {
      items: { ok: boolean; cache?: string; error?: { code: string } }[];
    };
    expect(second.items[0]).toMatchObject({ ok: true, cache: 'HIT' });
    expect(second.items[1]).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_CREDITS' } });
    const usage = (await t.app.inject({ url: '/v1/usage', headers: bearer(key) })).json() as Json;
    expect(usage).toMatchObject({ renders_this_month: 1, credits: { balance: 0 } });
  });

  it('lets exactly 10 of 50 concurrent renders through for the last 10 credits', async () => {
    const { key } = await accountOn('starter', 10);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => render(key, swatch(`#${(i + 16).toString(16).padStart(6, '0')}`))),
    );
    const statuses = replies.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(40);
    const theirs = (await t.app.inject({ url: '/v1/usage', headers: bearer(key) })).json() as Json;
    expect(theirs).toMatchObject({ credits: { balance: 0 }, renders_this_month: 10 });
  });

  it('stops at the monthly quota with 429 and Retry-After', async () => {
    const { key } = await accountOn('tiny');
    expect((await render(key, swatch('#040404'))).statusCode).toBe(200);
    expect((await render(key, swatch('#050505'))).statusCode).toBe(200);
    const over = await render(key, swatch('#060606'));
    expect(over.statusCode).toBe(429);
    expect(errorOf(over).code).toBe('QUOTA_EXCEEDED');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits requests per minute, with X-RateLimit-* on every reply', async () => {
    const { key } = await accountOn('throttled');
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await t.app.inject({ url: '/v1/usage', headers: bearer(key) }));
    expect(replies.slice(0, 3).map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(replies[0]!.headers['x-ratelimit-limit']).toBe('3');
    expect(replies.slice(0, 3).map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);
    expect(Number(replies[0]!.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(replies[3]!.statusCode).toBe(429);
    expect(errorOf(replies[3]!).code).toBe('RATE_LIMITED');
    expect(Number(replies[3]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('puts an account with no plan set on the standard plan: 6000 requests a minute, counted', async () => {
    const { key } = await newAccount(t, { name: 'no-plan' });
    const first = await t.app.inject({ url: '/v1/usage', headers: bearer(key) });
    expect(first.json()).toMatchObject({
      plan: 'standard',
      rate_limit: { per_minute: 6000 },
      monthly_quota: null,
    });
    const second = await render(key, swatch('#080808'));
    expect([first, second].map((r) => r.headers['x-ratelimit-limit'])).toEqual(['6000', '6000']);
    expect([first, second].map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['5999', '5998']);
  });

  it('checks the plan when an async render is accepted and charges it when it runs', async () => {
    const { key } = await accountOn('starter', 1);
    const refused = await render(key, swatch('#070707', { async: true }));
    expect(refused.statusCode).toBe(402); // async is not in the starter plan
    expect(errorOf(refused).message).toContain('async');
  });
});
