// Load shedding at the front door. The render pool refuses renders past its queue, but only
// after a request was parsed, authenticated and bound; when requests arrive faster than the main
// thread can do even that (Takumi's threads take the cores while the pool is full), they wait
// unseen in socket buffers and every reply, cache hits too, gets later without bound. So when
// the event loop falls behind by more than PLACARD_MAX_LOOP_DELAY_MS, new requests are
// answered 503 SERVER_BUSY + Retry-After before any of that work, until it catches up.
// @fastify/under-pressure measures the delay (mean over each sample) and calls us to answer.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PlacardError } from '../core/errors.ts';

/** How often the delay is measured; a shedding decision holds until the next sample. */
export const SHEDDING_SAMPLE_MS = 250;

/** Liveness and metrics answer even under load: a busy node is alive, and worth watching. */
const neverShed = new Set(['/healthz', '/metrics']);

export interface LoadSheddingOptions {
  /** 0 turns shedding off. */
  maxLoopDelayMs: number;
}

export function busyError(delayMs: number, maxMs: number): PlacardError {
  // Infinity: the loop was blocked for a whole sample, so no delay could even be measured.
  const behind = Number.isFinite(delayMs) ? Math.round(delayMs) : SHEDDING_SAMPLE_MS;
  const measured = Number.isFinite(delayMs) ? `${behind} ms` : `more than ${behind} ms`;
  const retryAfter = String(Math.max(1, Math.ceil(behind / 1000)));
  return new PlacardError(
    'SERVER_BUSY',
    `The server is overloaded: its event loop is ${measured} behind (limit ${maxMs} ms). Retry after ${retryAfter} s.`,
    { headers: { 'Retry-After': retryAfter }, details: { allowed: maxMs, received: behind } },
  );
}

export async function registerLoadShedding(
  app: FastifyInstance,
  options: LoadSheddingOptions,
): Promise<void> {
  if (options.maxLoopDelayMs <= 0) return;
  // Booting (fonts, engine, migrations) holds the loop for a second or more, and the first
  // samples after it would shed the first requests of a server that is in fact idle.
  let readyAt = Infinity;
  app.addHook('onReady', async () => {
    readyAt = performance.now();
  });
  const booting = () => performance.now() - readyAt < 2 * SHEDDING_SAMPLE_MS;
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxLoopDelayMs,
    sampleInterval: SHEDDING_SAMPLE_MS,
    // Resolving lets the request through; rejecting answers it through the one error handler.
    pressureHandler: async (request: FastifyRequest, _reply, _type, value) => {
      if (neverShed.has(request.routeOptions.url ?? '') || booting()) return;
      throw busyError(value ?? options.maxLoopDelayMs, options.maxLoopDelayMs);
    },
  });
}
