// Plans from config: PLACARD_PLANS is a JSON object of plans by name, checked at boot with
// every problem reported at once (a ConfigError, like src/config.ts). Two plans are built in
// unless PLACARD_PLANS redefines them: `standard`, the default, and `unlimited`, so an
// operator who puts everyone on a paid plan can still take an account off the meter.
import { ConfigError, type Config } from '../config.ts';
import { FEATURES, type Feature, type Plan, type Plans } from './types.ts';

export const UNLIMITED_PLAN_NAME = 'unlimited';
export const UNLIMITED_PLAN: Plan = {
  monthly_quota: null,
  per_minute: null,
  credits: false,
  features: 'all',
};

/**
 * The default plan of a new install: no quota, no credits, every feature, and a per-minute
 * limit. The limit is there so X-RateLimit-* show a working window from the first request;
 * 6000 a minute is about what two cores draw (~100 cache-miss cards a second, DESIGN.md),
 * so it never refuses a client the machine could have served, yet one runaway key cannot
 * take the server with thousands of cache hits or bad requests a second.
 */
export const STANDARD_PLAN_NAME = 'standard';
export const STANDARD_PLAN: Plan = {
  monthly_quota: null,
  per_minute: 6000,
  credits: false,
  features: 'all',
};

/** Keeps a counter within the 32-bit integer columns of both databases. */
const COUNT_MAX = 2_000_000_000;
const PLAN_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;
const PLAN_KEYS = ['monthly_quota', 'per_minute', 'credits', 'features'];

type Problems = string[];

function count(value: unknown, where: string, min: number, problems: Problems): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= COUNT_MAX)
    return value;
  problems.push(
    `${where} must be null or an integer in ${min}..${COUNT_MAX}; received ${JSON.stringify(value)}`,
  );
  return null;
}

function features(value: unknown, where: string, problems: Problems): Plan['features'] {
  if (value === undefined || value === 'all') return 'all';
  if (!Array.isArray(value)) {
    problems.push(`${where} must be "all" or an array of feature names; received ${JSON.stringify(value)}`);
    return [];
  }
  const unknown = value.filter((f) => !FEATURES.includes(f as Feature));
  if (unknown.length > 0) {
    problems.push(
      `${where} has unknown feature(s) ${unknown.map((f) => JSON.stringify(f)).join(', ')}; known: ${FEATURES.join(', ')}`,
    );
  }
  return [...new Set(value.filter((f): f is Feature => FEATURES.includes(f as Feature)))];
}

function plan(name: string, value: unknown, problems: Problems): Plan {
  const where = `PLACARD_PLANS.${name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where} must be an object; received ${JSON.stringify(value)}`);
    return UNLIMITED_PLAN;
  }
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields).filter((k) => !PLAN_KEYS.includes(k))) {
    problems.push(`${where}.${key} is not a plan field; fields: ${PLAN_KEYS.join(', ')}`);
  }
  if (fields.credits !== undefined && typeof fields.credits !== 'boolean') {
    problems.push(`${where}.credits must be true or false; received ${JSON.stringify(fields.credits)}`);
  }
  return {
    monthly_quota: count(fields.monthly_quota, `${where}.monthly_quota`, 0, problems),
    per_minute: count(fields.per_minute, `${where}.per_minute`, 1, problems),
    credits: fields.credits === true,
    features: features(fields.features, `${where}.features`, problems),
  };
}

/** Parses PLACARD_PLANS ('' means only the built-in ones); appends problems instead of throwing. */
export function parsePlans(text: string, problems: Problems): Record<string, Plan> {
  const plans: Record<string, Plan> = {
    [STANDARD_PLAN_NAME]: STANDARD_PLAN,
    [UNLIMITED_PLAN_NAME]: UNLIMITED_PLAN,
  };
  if (text.trim() === '') return plans;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`PLACARD_PLANS must be JSON: ${(error as Error).message}`);
    return plans;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`PLACARD_PLANS must be a JSON object of plans by name; received ${text.slice(0, 80)}`);
    return plans;
  }
  for (const [name, value] of Object.entries(parsed)) {
    if (!PLAN_NAME.test(name)) {
      problems.push(
        `PLACARD_PLANS has a plan named ${JSON.stringify(name)}; names are 1-64 of a-z 0-9 _ . -`,
      );
    }
    plans[name] = plan(name, value, problems);
  }
  return plans;
}

export function checkDefaultPlan(plans: Plans, defaultPlan: string, problems: Problems): void {
  if (!Object.hasOwn(plans, defaultPlan)) {
    problems.push(
      `PLACARD_DEFAULT_PLAN ${JSON.stringify(defaultPlan)} is not a plan; plans: ${Object.keys(plans).join(', ')}`,
    );
  }
}

/** Call at boot, after loadConfig: the plans, or a ConfigError listing every problem. */
export function loadPlans(config: Pick<Config, 'plans' | 'defaultPlan'>): {
  plans: Plans;
  defaultPlan: string;
} {
  const problems: Problems = [];
  const plans = parsePlans(config.plans, problems);
  checkDefaultPlan(plans, config.defaultPlan, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { plans, defaultPlan: config.defaultPlan };
}

export function planFeatures(plan: Plan): Feature[] {
  return plan.features === 'all' ? [...FEATURES] : [...plan.features];
}

/** Whether renders on this plan touch the database at all (a quota to count or credits to spend). */
export const isMetered = (plan: Plan): boolean => plan.monthly_quota !== null || plan.credits;
