// Contract cases for a queue's end handler: it hears each job once, when the job has ended for
// good (succeeded, or failed with no retry left), and by then every reader sees the job ended.
import { expect, it } from 'vitest';
import { PermanentJobError, type Job, type JobQueueOptions } from '../../src/queue/types.ts';
import { settled, sleep, until } from './queue-helpers.ts';
import type { QueueFixture } from './queue.contract.ts';

export function jobEndCases(f: () => QueueFixture, base: JobQueueOptions): void {
  it('tells the end handler once per job, after its end is recorded, never after a retried attempt', async () => {
    const queue = await f().open({ ...base, maxAttempts: 2, backoffMs: 20 });
    const reader = await f().open(base);
    const accountId = await f().account();
    const heard: { job: Job; read: Job | undefined }[] = [];
    queue.start(
      async (job) => {
        const kind = (job.payload as { kind: string }).kind;
        if (kind === 'permanent') throw new PermanentJobError('BAD_INPUT', 'never works');
        if (kind === 'transient') throw new Error('always flaky');
        if (kind === 'second-try' && job.attempts === 1) throw new Error('flaky once');
        return { kind };
      },
      // What another node reads at that moment, to show the end is already recorded.
      async (job) => void heard.push({ job, read: await reader.get(accountId, job.id) }),
    );
    const kinds = ['ok', 'permanent', 'transient', 'second-try'];
    const jobs = await Promise.all(kinds.map((kind) => queue.enqueue({ accountId, payload: { kind } })));
    for (const job of jobs) await settled(queue, accountId, job.id);
    await until(
      async () => heard.length,
      (n) => n >= jobs.length,
      'every end heard',
    );
    await sleep(200); // a second call for any job would have come by now
    expect(heard).toHaveLength(jobs.length);
    const byId = new Map(heard.map((end) => [end.job.id, end]));
    const want = ['succeeded', 'failed', 'failed', 'succeeded'];
    for (const [index, job] of jobs.entries()) {
      const end = byId.get(job.id);
      expect(end?.job).toMatchObject({ id: job.id, accountId, status: want[index] });
      expect(end?.read?.status).toBe(want[index]);
    }
    expect(byId.get(jobs[0]!.id)?.job.result).toEqual({ kind: 'ok' });
    expect(byId.get(jobs[1]!.id)?.job.error).toMatchObject({ code: 'BAD_INPUT' });
    expect(byId.get(jobs[2]!.id)?.job.attempts).toBe(2);
  });
}
