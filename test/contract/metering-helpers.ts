// Shared by the metering contract suites: the plans they meter with, a fresh account per test,
// and a tally of how a race of reserve() calls ended.
import { expect } from 'vitest';
import { isPlacardError } from '../../src/errors/placard-error.ts';
import { UNLIMITED_PLAN, type Plans, type Reservation } from '../../src/metering/index.ts';
import type { Database } from '../../src/storage/db/index.ts';

export const testPlans: Plans = {
  unlimited: UNLIMITED_PLAN,
  credits: { monthly_quota: null, per_minute: null, credits: true, features: 'all' },
  quota10: { monthly_quota: 10, per_minute: null, credits: false, features: 'all' },
  both: { monthly_quota: 10, per_minute: null, credits: true, features: 'all' },
  free: { monthly_quota: 100, per_minute: 5, credits: false, features: ['png', 'jpeg'] },
};

export async function newAccount(db: Database, plan?: string): Promise<string> {
  const { id } = await db.accounts.create({ name: 'metered' });
  if (plan) await db.metering.setPlan(id, plan);
  return id;
}

export interface Tally {
  reservations: Reservation[];
  /** How many failed with each error code. */
  failures: Record<string, number>;
}

/** Settles every attempt; any failure that is not a PlacardError fails the test. */
export async function tally(attempts: Promise<Reservation>[]): Promise<Tally> {
  const results = await Promise.allSettled(attempts);
  const result: Tally = { reservations: [], failures: {} };
  for (const r of results) {
    if (r.status === 'fulfilled') {
      result.reservations.push(r.value);
      continue;
    }
    expect(isPlacardError(r.reason), String(r.reason)).toBe(true);
    const code = isPlacardError(r.reason) ? r.reason.code : 'unknown';
    result.failures[code] = (result.failures[code] ?? 0) + 1;
  }
  return result;
}

/** The PlacardError a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPlacardError(error)) throw new Error(`expected a PlacardError, got ${String(error)}`);
  return error;
}
