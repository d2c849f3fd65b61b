// The local single flight: concurrent callers of one key share one run of `work`, a failure
// included, and nothing outlives the run.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight.ts';

describe('single flight', () => {
  it('runs work once for 20 concurrent callers of the same key, and all get its value', async () => {
    const flight = createSingleFlight();
    let calls = 0;
    const work = async () => {
      calls++;
      await sleep(20);
      return { n: calls };
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => flight.run('card', work)));
    expect(calls).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toEqual({ n: 1 });
  });

  it('runs different keys separately', async () => {
    const flight = createSingleFlight();
    const seen: string[] = [];
    const work = (key: string) => async () => {
      seen.push(key);
      await sleep(5);
      return key;
    };
    expect(await Promise.all([flight.run('a', work('a')), flight.run('b', work('b'))])).toEqual(['a', 'b']);
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('shares a failure with the callers waiting on it, and does not keep it', async () => {
    const flight = createSingleFlight();
    let calls = 0;
    const failing = async (): Promise<string> => {
      calls++;
      await sleep(10);
      throw new Error('template exploded');
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => flight.run('card', failing)));
    expect(calls).toBe(1);
    expect(outcomes.every((o) => o.status === 'rejected' && /exploded/.test(String(o.reason)))).toBe(true);

    expect(await flight.run('card', async () => 'fixed')).toBe('fixed');
  });

  it('turns work that throws synchronously into a rejection shared like any other', async () => {
    const flight = createSingleFlight();
    const work = (): Promise<string> => {
      throw new Error('sync');
    };
    await expect(Promise.all([flight.run('k', work), flight.run('k', work)])).rejects.toThrow('sync');
    expect(await flight.run('k', async () => 'ok')).toBe('ok');
  });

  it('forgets a key once its run settles: a later caller runs work again', async () => {
    const flight = createSingleFlight();
    let calls = 0;
    const work = async () => ++calls;
    expect(await flight.run('k', work)).toBe(1);
    expect(await flight.run('k', work)).toBe(2);
  });
});
