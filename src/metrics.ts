// Prometheus metrics (GET /metrics): renders by engine, format and cache outcome, render time,
// HTTP requests by route and status, webhook deliveries by outcome, the render pool, the job queue's
// backlog, and Node's own process metrics. One registry per app, so tests and several apps in one
// process never share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { callerGone, type Pipeline } from './core/pipeline.ts';
import type { RenderPool } from './core/render-pool.ts';
import { delay, logQueueError } from './queue/outcome.ts';
import type { JobCounts, JobQueue } from './queue/types.ts';

/** How long a scrape waits for the queue's counts; Prometheus's own timeout is 10 s by default. */
export const JOB_COUNTS_TIMEOUT_MS = 2_000;

export interface Metrics {
  registry: Registry;
  /** Counts HTTP replies; `route` is the route pattern (never the raw URL, which is unbounded). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Counts one webhook's end: delivered, failed (attempts used up) or refused by the fetch guard. */
  webhookEnded(outcome: 'delivered' | 'failed' | 'refused'): void;
  /** One image drawn by an engine: identical misses sharing one draw count once. */
  drew(): void;
}

/**
 * A metric's children by their label values, made once per distinct set. prom-client sorts and
 * joins the labels object on every inc/observe; per render and per request that was ~1-2 µs
 * each on a cache hit. The sets are few (engines, formats, outcomes, route patterns).
 */
function byLabels<Child>(make: (...values: string[]) => Child): (...values: string[]) => Child {
  const children = new Map<string, Child>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (!child) {
      child = make(...values);
      children.set(key, child);
    }
    return child;
  };
}

export function createMetrics(
  pool: RenderPool,
  queue?: Pick<JobQueue, 'counts'>,
): Metrics & { instrument(pipeline: Pipeline): Pipeline } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'placard_' });
  const renders = new Counter({
    name: 'placard_renders_total',
    help: 'Renders by engine, output format and cache outcome (HIT, MISS, BYPASS), and failures by error code.',
    labelNames: ['engine', 'format', 'cache', 'error'],
    registers: [registry],
  });
  const renderSeconds = new Histogram({
    name: 'placard_render_duration_seconds',
    help: 'Time to answer a render, cache hits included.',
    labelNames: ['engine', 'cache'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Histogram({
    name: 'placard_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'placard_webhook_deliveries_total',
    help: 'Webhooks of async jobs by how they ended: delivered, failed (every attempt failed) or refused (the fetch guard refused the address).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // Renders count callers; this counts the engine's work, so single flight shows in the ratio.
  const draws = new Counter({
    name: 'placard_draws_total',
    help: 'Images drawn by an engine; identical concurrent misses (single flight, across nodes with Redis) draw once.',
    registers: [registry],
  });
  // Present from the start, so a dashboard shows 0 rather than no series.
  for (const outcome of ['delivered', 'failed', 'refused']) webhooks.inc({ outcome }, 0);
  new Gauge({
    name: 'placard_render_pool',
    help: 'Renders drawing now (state="active") and waiting for a slot (state="waiting").',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'active' }, pool.active);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  if (queue) jobsGauge(registry, queue);
  const rendered = byLabels((...values) => renders.labels(...values));
  const renderTime = byLabels((...values) => renderSeconds.labels(...values));
  const answered = byLabels((...values) => requests.labels(...values));

  return {
    registry,
    observeRequest(method, route, status, seconds) {
      answered(method, route, String(status)).observe(seconds);
    },
    webhookEnded(outcome) {
      webhooks.inc({ outcome });
    },
    drew() {
      draws.inc();
    },
    instrument(pipeline) {
      return {
        ...pipeline,
        async render(request, signal, hooks) {
          try {
            const result = await pipeline.render(request, signal, hooks);
            rendered(result.engine, result.format, result.cache, '').inc();
            renderTime(result.engine, result.cache).observe(result.renderMs / 1000);
            return result;
          } catch (error) {
            const code = (error as { code?: unknown }).code;
            // A render stopped because its client hung up is no fault of the server's.
            const label = callerGone(signal)
              ? 'CLIENT_CLOSED'
              : typeof code === 'string'
                ? code
                : 'INTERNAL_ERROR';
            renders.inc({ engine: '', format: request.format ?? '', cache: '', error: label });
            throw error;
          }
        },
      };
    },
  };
}

/**
 * The queue's backlog, read from its backend at each scrape. A backend that fails or does not
 * answer in time (Redis down) never fails the scrape: the gauge keeps its last values and the
 * first failure of a run of them is logged.
 */
function jobsGauge(registry: Registry, queue: Pick<JobQueue, 'counts'>): void {
  // One read at a time: scrapes while the backend hangs share it instead of piling up.
  let reading: Promise<JobCounts> | undefined;
  let failing = false;
  new Gauge({
    name: 'placard_jobs',
    help: 'Async jobs by state: queued (due, waiting for a worker), running, delayed (waiting to retry). The whole queue, the same on every node.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      reading ??= queue.counts().finally(() => (reading = undefined));
      const timeout = delay(JOB_COUNTS_TIMEOUT_MS);
      try {
        const counts = await Promise.race([
          reading,
          timeout.promise.then(() => {
            throw new Error(`The job queue did not answer within ${JOB_COUNTS_TIMEOUT_MS} ms`);
          }),
        ]);
        for (const state of ['queued', 'running', 'delayed'] as const) this.set({ state }, counts[state]);
        failing = false;
      } catch (error) {
        if (!failing) logQueueError(error);
        failing = true;
      } finally {
        timeout.cancel();
      }
    },
  });
}
