// The job queue contract: every queue backend passes these same tests. Each test gets fresh
// storage from the fixture, so no queue ever sees another test's jobs. Timing is never
// asserted, except that a retry never starts before its backoff is over.
import { isDeepStrictEqual } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlacardError } from '../../src/errors/placard-error.ts';
import {
  newJobId,
  PermanentJobError,
  type Job,
  type JobQueue,
  type JobQueueOptions,
} from '../../src/queue/types.ts';
import { gate, settled, sleep, until } from './queue-helpers.ts';
import { jobEndCases } from './queue-ends.contract.ts';

export interface QueueFixture {
  /** A queue on this fixture's storage; open again for a second node or a restart. */
  open(options: JobQueueOptions & { onError?: (error: unknown) => void }): Promise<JobQueue>;
  /** An account jobs may belong to (the database queue needs its row). */
  account(): Promise<string>;
  /** Closes every queue it opened and removes the storage. */
  destroy(): Promise<void>;
}

export type QueueFixtureFactory = () => Promise<QueueFixture>;

const base: JobQueueOptions = { maxAttempts: 3, backoffMs: 50, concurrency: 1 };

export function runQueueContract(name: string, createFixture: QueueFixtureFactory): void {
  describe(`queue contract: ${name}`, () => {
    let fixture: QueueFixture | undefined;
    const f = () => fixture ?? fail('fixture not created');
    beforeEach(async () => {
      fixture = await createFixture();
    });
    afterEach(async () => {
      await fixture?.destroy();
      fixture = undefined;
    });

    it('keeps an enqueued job queued until started, then runs it and keeps its result', async () => {
      const queue = await f().open(base);
      const accountId = await f().account();
      const job = await queue.enqueue({ accountId, payload: { template: 'card', n: 1 } });
      expect(job).toMatchObject({ accountId, status: 'queued', attempts: 0, result: null, error: null });
      expect(job.id).toMatch(/^job_[\w-]{16}$/);
      expect(await queue.get(accountId, job.id)).toMatchObject({
        status: 'queued',
        payload: { template: 'card', n: 1 },
      });

      const seen: Job[] = [];
      queue.start(async (running) => {
        seen.push(running);
        return { url: `https://img.example/${running.id}.png` };
      });
      const done = await settled(queue, accountId, job.id);
      expect(done).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
      expect(done.result).toEqual({ url: `https://img.example/${job.id}.png` });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        id: job.id,
        accountId,
        status: 'running',
        attempts: 1,
        payload: { template: 'card', n: 1 },
      });
    });

    it("reads another account's job, and an unknown id, as missing", async () => {
      const queue = await f().open(base);
      const [owner, other] = [await f().account(), await f().account()];
      const job = await queue.enqueue({ accountId: owner, payload: {} });
      expect(await queue.get(other, job.id)).toBeUndefined();
      expect(await queue.get(owner, 'job_AAAAAAAAAAAAAAAA')).toBeUndefined();
      expect(await queue.get(owner, job.id)).toBeDefined();
    });

    it('queues a job under an id chosen by the caller once, however often it is enqueued', async () => {
      const queue = await f().open(base);
      const accountId = await f().account();
      const id = newJobId();
      const first = await queue.enqueue({ accountId, payload: { n: 1 }, id });
      expect(first).toMatchObject({ id, accountId, status: 'queued', payload: { n: 1 } });
      const again = await queue.enqueue({ accountId, payload: { n: 2 }, id });
      expect(again).toMatchObject({ id, status: 'queued', payload: { n: 1 } });

      const ran: unknown[] = [];
      queue.start(async (running) => {
        ran.push(running.payload);
        return 'done';
      });
      expect(await settled(queue, accountId, id)).toMatchObject({ status: 'succeeded', result: 'done' });
      // Enqueued again after it ran: still the finished job, not a second run.
      expect(await queue.enqueue({ accountId, payload: { n: 3 }, id })).toMatchObject({
        id,
        status: 'succeeded',
      });
      await sleep(200);
      expect(ran).toEqual([{ n: 1 }]);
    });

    it('runs a job enqueued on one node when another node starts', async () => {
      const producer = await f().open(base);
      const accountId = await f().account();
      const job = await producer.enqueue({ accountId, payload: 'hello' });
      const worker = await f().open(base);
      worker.start(async (running) => `${String(running.payload)} world`);
      expect(await settled(producer, accountId, job.id)).toMatchObject({
        status: 'succeeded',
        result: 'hello world',
      });
    });

    it('retries a transient failure after a growing backoff, then succeeds', async () => {
      const queue = await f().open({ ...base, maxAttempts: 5 });
      const accountId = await f().account();
      const starts: number[] = [];
      queue.start(async () => {
        starts.push(Date.now());
        if (starts.length < 3) throw new PlacardError('RENDER_FAILED', `hiccup ${starts.length}`);
        return 'ok';
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      const done = await settled(queue, accountId, job.id);
      expect(done).toMatchObject({ status: 'succeeded', attempts: 3, result: 'ok', error: null });
      expect(starts).toHaveLength(3);
      // backoffMs * 2^(attempt-1): 50 ms after the first failure, 100 ms after the second.
      const [first = 0, second = 0, third = 0] = starts;
      expect(second - first).toBeGreaterThanOrEqual(base.backoffMs);
      expect(third - second).toBeGreaterThanOrEqual(base.backoffMs * 2);
    });

    it.each([
      [
        'a PermanentJobError',
        new PermanentJobError('TEMPLATE_NOT_FOUND', 'No template tpl_x in this account.'),
      ],
      ['a PlacardError with a 4xx status', new PlacardError('VALIDATION_FAILED', 'width must be 1..4096')],
    ])('fails %s at once, without a retry', async (_label, thrown) => {
      const queue = await f().open({ ...base, maxAttempts: 5 });
      const accountId = await f().account();
      let calls = 0;
      queue.start(async () => {
        calls++;
        throw thrown;
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      const done = await settled(queue, accountId, job.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 1, result: null });
      expect(done.error).toEqual({ code: thrown.code, message: thrown.message });
      expect(calls).toBe(1);
    });

    it('fails with the last error once maxAttempts are used up', async () => {
      const queue = await f().open(base);
      const accountId = await f().account();
      let calls = 0;
      queue.start(async () => {
        throw new PlacardError('RENDER_FAILED', `attempt ${++calls} failed`);
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      const done = await settled(queue, accountId, job.id);
      expect(done).toMatchObject({ status: 'failed', attempts: 3 });
      expect(done.error).toEqual({ code: 'RENDER_FAILED', message: 'attempt 3 failed' });
      expect(calls).toBe(3);
    });

    it("keeps a failure's public details, so each surface maps its code alike", async () => {
      const queue = await f().open({ ...base, maxAttempts: 1 });
      const accountId = await f().account();
      queue.start(async () => {
        throw new PlacardError('ASSET_FETCH_FAILED', 'Could not load image "http://10.0.0.1/x.png"', {
          details: { url: 'http://10.0.0.1/x.png', reason: 'private-address' },
        });
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      const done = await settled(queue, accountId, job.id);
      expect(done.error).toEqual({
        code: 'ASSET_FETCH_FAILED',
        message: 'Could not load image "http://10.0.0.1/x.png"',
        details: { url: 'http://10.0.0.1/x.png', reason: 'private-address' },
      });
    });

    it('hides the message of an unknown error from the account and reports the error instead', async () => {
      const reported: unknown[] = [];
      const queue = await f().open({ ...base, maxAttempts: 1, onError: (error) => reported.push(error) });
      const accountId = await f().account();
      const secret = new Error('connect ECONNREFUSED 10.0.0.7:5432');
      queue.start(async () => {
        throw secret;
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      const done = await settled(queue, accountId, job.id);
      expect(done.error?.code).toBe('INTERNAL_ERROR');
      expect(done.error?.message).not.toContain('10.0.0.7');
      expect(reported).toContain(secret);
    });

    it('runs at most `concurrency` jobs at once', async () => {
      const queue = await f().open({ ...base, concurrency: 2 });
      const accountId = await f().account();
      const release = gate();
      let active = 0;
      let most = 0;
      queue.start(async () => {
        most = Math.max(most, ++active);
        await release.opened;
        active--;
        return null;
      });
      const jobs = await Promise.all(
        Array.from({ length: 5 }, (_, n) => queue.enqueue({ accountId, payload: { n } })),
      );
      await until(
        async () => active,
        (n) => n === 2,
        'two jobs running',
      );
      await sleep(300); // several polls: a third job would have started by now if it could
      const statuses = await Promise.all(
        jobs.map(async (job) => (await queue.get(accountId, job.id))?.status),
      );
      expect(statuses.filter((s) => s === 'running')).toHaveLength(2);
      expect(statuses.filter((s) => s === 'queued')).toHaveLength(3);
      release.open();
      for (const job of jobs) expect((await settled(queue, accountId, job.id)).status).toBe('succeeded');
      expect(most).toBe(2);
    });

    it('counts the jobs of every account as they go from queued to running, to done or to a retry', async () => {
      // A retry a minute away: the failed job is still waiting for it when the test ends.
      const queue = await f().open({ ...base, maxAttempts: 2, backoffMs: 60_000 });
      const [one, two] = [await f().account(), await f().account()];
      expect(await queue.counts()).toEqual({ queued: 0, running: 0, delayed: 0 });
      const jobs = [
        await queue.enqueue({ accountId: one, payload: { fails: false } }),
        await queue.enqueue({ accountId: two, payload: { fails: false } }),
        await queue.enqueue({ accountId: two, payload: { fails: true } }),
      ];
      expect(await queue.counts()).toEqual({ queued: 3, running: 0, delayed: 0 });

      const release = gate();
      queue.start(async (job) => {
        await release.opened;
        if ((job.payload as { fails: boolean }).fails) throw new PlacardError('RENDER_FAILED', 'hiccup');
        return null;
      });
      const counted = (want: object) => (counts: object) => isDeepStrictEqual(counts, want);
      await until(() => queue.counts(), counted({ queued: 2, running: 1, delayed: 0 }), 'one job running');
      release.open();
      await until(() => queue.counts(), counted({ queued: 0, running: 0, delayed: 1 }), 'one job delayed');
      const statuses = await Promise.all(
        jobs.map(async (job) => (await queue.get(job.accountId, job.id))?.status),
      );
      expect(statuses).toEqual(['succeeded', 'succeeded', 'queued']);
    });

    it('lets close() wait for a running job to finish', async () => {
      const queue = await f().open(base);
      const accountId = await f().account();
      const started = gate();
      let finished = false;
      queue.start(async (_job, signal) => {
        started.open();
        await sleep(300);
        finished = !signal.aborted;
        return 'finished';
      });
      const job = await queue.enqueue({ accountId, payload: {} });
      await started.opened;
      await queue.close();
      expect(finished).toBe(true);
      const reader = await f().open(base);
      expect(await reader.get(accountId, job.id)).toMatchObject({ status: 'succeeded', result: 'finished' });
    });

    jobEndCases(f, base);
  });
}

function fail(message: string): never {
  throw new Error(message);
}
