// Load shedding at the front door. The render pool refuses renders past its queue, but only
// after a request was parsed, authenticated and bound; when requests arrive faster than the main
// thread can do even that (Takumi's threads take the cores while the pool is full), they wait
// unseen in socket buffers and every reply, cache hits too, gets later without bound. So while
// the event loop is further behind than PLACARD_MAX_LOOP_DELAY_MS, new requests are answered
// 503 SERVER_BUSY + Retry-After in the first hook, before any of that work.
//
// Not @fastify/under-pressure (tried first): it sheds for a whole sample after any one long
// block, and booting or the first render (fonts loading) is one, so a fresh server refused its
// first requests. Here overload is OVER_IN samples of the last RECENT over the limit: one long
// block is one late sample, while an overloaded loop is late again and again (not in every
// sample: a long iteration that worked off a burst is often followed by a short one).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { PlacardError } from '../errors/placard-error.ts';

/** How often the delay is measured; a shedding decision holds until the next sample. */
export const SHEDDING_SAMPLE_MS = 250;
/** Shedding while OVER_IN of the last RECENT samples were over the limit. */
export const OVER_IN = 2;
export const RECENT = 3;
const RESOLUTION_MS = 10;

/** Liveness and metrics answer even under load: a busy node is alive, and worth watching. */
const neverShed = new Set(['/healthz', '/metrics']);

export interface LoopMonitor {
  /**
   * The largest delay of the last RECENT samples, in ms: a sample's delay is the mean lateness
   * of a 10 ms timer over it, or how late the sample itself ran, whichever is more.
   */
  readonly delayMs: number;
  /** OVER_IN of the last RECENT samples were over the limit. */
  readonly overloaded: boolean;
  stop(): void;
}

export function createLoopMonitor(maxDelayMs: number, sampleMs = SHEDDING_SAMPLE_MS): LoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let last = performance.now();
  const recent: number[] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    // A loop blocked for the whole sample records nothing in the histogram; this timer is
    // late by as much, so its own lateness counts too.
    const late = now - last - sampleMs;
    const mean = histogram.count > 0 ? histogram.mean / 1e6 - RESOLUTION_MS : 0;
    recent.push(Math.max(0, late, mean));
    if (recent.length > RECENT) recent.shift();
    histogram.reset();
    last = now;
  }, sampleMs);
  timer.unref();
  return {
    get delayMs() {
      return Math.max(0, ...recent);
    },
    get overloaded() {
      return recent.filter((delay) => delay > maxDelayMs).length >= OVER_IN;
    },
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

export function busyError(delayMs: number, maxMs: number): PlacardError {
  const behind = Math.round(delayMs);
  const retryAfter = String(Math.max(1, Math.ceil(behind / 1000)));
  return new PlacardError(
    'SERVER_BUSY',
    `The server is overloaded: its event loop is ${behind} ms behind (limit ${maxMs} ms). Retry after ${retryAfter} s.`,
    { headers: { 'Retry-After': retryAfter }, details: { allowed: maxMs, received: behind } },
  );
}

/** Sheds every route but /healthz and /metrics while overloaded; `maxLoopDelayMs` 0 turns it off. */
export function registerLoadShedding(app: FastifyInstance, options: { maxLoopDelayMs: number }): void {
  if (options.maxLoopDelayMs <= 0) return;
  // Measured from ready on: booting is one long block, and with the first render's (fonts
  // loading) it would make two late samples in a row on a server that is in fact idle.
  let monitor: LoopMonitor | undefined;
  app.addHook('onReady', async () => {
    monitor = createLoopMonitor(options.maxLoopDelayMs);
  });
  app.addHook('onClose', async () => monitor?.stop());
  app.addHook('onRequest', async (request) => {
    if (monitor?.overloaded && !neverShed.has(request.routeOptions.url ?? '')) {
      throw busyError(monitor.delayMs, options.maxLoopDelayMs);
    }
  });
}
