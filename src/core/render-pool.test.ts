import { describe, expect, it } from 'vitest';
import { PlacardError } from '../errors/placard-error.ts';
import { createRenderPool } from './render-pool.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('render pool', () => {
  it('runs at most `concurrency` tasks at once and queues the rest in order', async () => {
    const pool = createRenderPool({ concurrency: 2, queueMax: 10 });
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      pool.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(pool.waiting).toBe(1);
    gates[0]!.resolve();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(pool.active).toBe(0);
  });

  it('refuses with SERVER_BUSY and Retry-After once the queue is full', async () => {
    const pool = createRenderPool({ concurrency: 1, queueMax: 1 });
    const gate = deferred();
    const first = pool.run(() => gate.promise);
    const second = pool.run(() => Promise.resolve());
    const third = pool.run(() => Promise.resolve());
    await expect(third).rejects.toMatchObject({ code: 'SERVER_BUSY', status: 503 });
    const error = (await third.catch((e: unknown) => e)) as PlacardError;
    expect(Number(error.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
    gate.resolve();
    await first;
    await second;
    expect(pool.active).toBe(0);
  });

  it('drops a queued task whose signal aborts and frees the slot after a failure', async () => {
    const pool = createRenderPool({ concurrency: 1, queueMax: 5 });
    const gate = deferred();
    const first = pool.run(() => gate.promise);
    const controller = new AbortController();
    const queued = pool.run(() => Promise.resolve('never'), controller.signal);
    controller.abort(new Error('gave up'));
    await expect(queued).rejects.toThrow('gave up');
    expect(pool.waiting).toBe(0);
    gate.resolve();
    await first;
    await expect(pool.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.run(() => Promise.resolve('ok'))).toBe('ok');
  });
});
