import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRenderPool } from './core/render-pool.ts';
import { createMetrics, JOB_COUNTS_TIMEOUT_MS } from './metrics.ts';
import type { JobCounts } from './queue/types.ts';

const pool = createRenderPool({ concurrency: 1, queueMax: 1 });

/** A queue whose counts answer with whatever the test queues up next. */
function fakeQueue(answers: (() => Promise<JobCounts>)[]) {
  return { counts: () => (answers.shift() ?? (() => Promise.reject(new Error('no answer left'))))() };
}

const scrape = (metrics: ReturnType<typeof createMetrics>) => metrics.registry.metrics();
const counts = { queued: 7, running: 2, delayed: 1 };

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('placard_jobs', () => {
  it("shows the queue's counts by state at each scrape", async () => {
    const metrics = createMetrics(pool, fakeQueue([async () => counts]));
    const text = await scrape(metrics);
    expect(text).toContain('placard_jobs{state="queued"} 7');
    expect(text).toContain('placard_jobs{state="running"} 2');
    expect(text).toContain('placard_jobs{state="delayed"} 1');
  });

  it('keeps the last counts when the backend fails, and logs the first failure of a run once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const down = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    const metrics = createMetrics(
      pool,
      fakeQueue([async () => counts, () => Promise.reject(down), () => Promise.reject(down)]),
    );
    await scrape(metrics);
    expect(await scrape(metrics)).toContain('placard_jobs{state="queued"} 7');
    expect(await scrape(metrics)).toContain('placard_jobs{state="queued"} 7');
    expect(error).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledWith('[queue]', down);
  });

  it('answers the scrape when the backend does not answer, and asks it once while it hangs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const asked = vi.fn(() => new Promise<JobCounts>(() => {}));
    const metrics = createMetrics(pool, { counts: asked });
    for (const _ of [1, 2]) {
      const text = scrape(metrics);
      await vi.advanceTimersByTimeAsync(JOB_COUNTS_TIMEOUT_MS);
      expect(await text).toContain('# TYPE placard_jobs gauge');
    }
    expect(asked).toHaveBeenCalledTimes(1);
  });

  it('is absent on a node without a queue', async () => {
    expect(await scrape(createMetrics(pool))).not.toContain('placard_jobs');
  });
});
