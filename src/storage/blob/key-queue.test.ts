// The fs store's per-key write queue: puts of one key run one after another (so a put's two
// renames never interleave with another put's), puts of different keys run side by side.
import { describe, expect, it } from 'vitest';
import { createKeyQueue } from './key-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('key queue', () => {
  it('runs tasks for one key one at a time, in order', async () => {
    const queue = createKeyQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run('k', task('a')), queue.run('k', task('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs tasks for different keys side by side', async () => {
    const queue = createKeyQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('x', task('x')), queue.run('y', task('y'))]);
    expect(log.slice(0, 2)).toEqual(['x start', 'y start']);
  });

  it('goes on after a failed task, and idle() waits for queued work', async () => {
    const queue = createKeyQueue();
    // Checked at once, so the rejection is never unhandled while the test waits.
    const failed = expect(
      queue.run('k', async () => {
        await tick();
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    let finished = false;
    const next = queue.run('k', async () => {
      await tick();
      finished = true;
    });
    await queue.idle();
    expect(finished).toBe(true);
    await failed;
    await expect(next).resolves.toBeUndefined();
  });
});
