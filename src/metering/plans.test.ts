// Plans from config: two built in, `standard` (the default, a per-minute limit only) and
// `unlimited`; a bad PLACARD_PLANS fails the boot with every problem listed at once.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { FEATURES, loadPlans, rateLimitHeaders, STANDARD_PLAN, UNLIMITED_PLAN } from './index.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadPlans(loadConfig(env));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('plans from config', () => {
  it('has the standard plan, the default, and the unlimited plan when nothing is configured', () => {
    expect(loadPlans(loadConfig({}))).toEqual({
      plans: { standard: STANDARD_PLAN, unlimited: UNLIMITED_PLAN },
      defaultPlan: 'standard',
    });
    // The default limits requests per minute and nothing else, so X-RateLimit-* count down.
    expect(STANDARD_PLAN).toEqual({ monthly_quota: null, per_minute: 6000, credits: false, features: 'all' });
  });

  it('lets PLACARD_PLANS redefine a built-in plan', () => {
    const { plans } = loadPlans(
      loadConfig({ PLACARD_PLANS: JSON.stringify({ standard: { per_minute: 60 } }) }),
    );
    expect(plans.standard).toEqual({ monthly_quota: null, per_minute: 60, credits: false, features: 'all' });
  });

  it('reads PLACARD_PLANS and PLACARD_DEFAULT_PLAN, filling omitted fields with no limit', () => {
    const { plans, defaultPlan } = loadPlans(
      loadConfig({
        PLACARD_PLANS: JSON.stringify({
          free: { monthly_quota: 500, per_minute: 10, credits: false, features: ['png', 'jpeg'] },
          pay: { credits: true },
        }),
        PLACARD_DEFAULT_PLAN: 'free',
      }),
    );
    expect(defaultPlan).toBe('free');
    expect(Object.keys(plans)).toEqual(['standard', 'unlimited', 'free', 'pay']);
    expect(plans.pay).toEqual({ monthly_quota: null, per_minute: null, credits: true, features: 'all' });
    expect(plans.free?.features).toEqual(['png', 'jpeg']);
  });

  it('reports every problem of a bad plan at once', () => {
    const problems = problemsOf({
      PLACARD_PLANS: JSON.stringify({
        'bad name!': {},
        free: { monthly_quota: -1, per_minute: 0, credits: 'yes', features: ['png', 'wepb'], quota: 5 },
        list: { features: 'png' },
      }),
      PLACARD_DEFAULT_PLAN: 'gold',
    });
    expect(problems).toEqual([
      'PLACARD_PLANS has a plan named "bad name!"; names are 1-64 of a-z 0-9 _ . -',
      'PLACARD_PLANS.free.quota is not a plan field; fields: monthly_quota, per_minute, credits, features',
      'PLACARD_PLANS.free.credits must be true or false; received "yes"',
      'PLACARD_PLANS.free.monthly_quota must be null or an integer in 0..2000000000; received -1',
      'PLACARD_PLANS.free.per_minute must be null or an integer in 1..2000000000; received 0',
      `PLACARD_PLANS.free.features has unknown feature(s) "wepb"; known: ${FEATURES.join(', ')}`,
      'PLACARD_PLANS.list.features must be "all" or an array of feature names; received "png"',
      'PLACARD_DEFAULT_PLAN "gold" is not a plan; plans: standard, unlimited, bad name!, free, list',
    ]);
  });

  it('says so when PLACARD_PLANS is not JSON or not an object', () => {
    expect(problemsOf({ PLACARD_PLANS: '{free:' })[0]).toMatch(/^PLACARD_PLANS must be JSON: /);
    expect(problemsOf({ PLACARD_PLANS: '[1]' })).toEqual([
      'PLACARD_PLANS must be a JSON object of plans by name; received [1]',
    ]);
  });
});

describe('rateLimitHeaders', () => {
  it('describes a limited window in the three X-RateLimit-* headers', () => {
    expect(rateLimitHeaders({ limit: 500, remaining: 483, resetAt: 1735689600 })).toEqual({
      'X-RateLimit-Limit': '500',
      'X-RateLimit-Remaining': '483',
      'X-RateLimit-Reset': '1735689600',
    });
  });
});
