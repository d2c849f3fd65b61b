// Stopping the server on SIGTERM/SIGINT within a bounded time, even while requests are stuck
// (a render waiting on a slow remote image, say): the listener closes at once, requests in
// flight get PLACARD_SHUTDOWN_GRACE_MS to finish, then their connections are closed and the
// process exits. A second signal exits at once. In the same grace, the node stops taking
// jobs and lets its running ones finish; any still running after it are handed back (the
// queue runs them again on another node or the next start), so no accepted job is lost.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Services } from '../services.ts';

/** After the grace, how long closing the services (queue, database, engines) may take. */
const SERVICES_CLOSE_MS = 5000;

export interface ShutdownOptions {
  app: FastifyInstance;
  services: Services;
  graceMs: number;
  log: Logger;
}

export function stopOnSignals({ app, services, graceMs, log }: ShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, grace_ms: graceMs }, 'shutting down: listener closed, requests in flight may finish');
    const force = setTimeout(() => {
      log.warn({ grace_ms: graceMs }, 'shutdown grace over: closing the connections still open');
      app.server.closeAllConnections();
    }, graceMs);
    // Whatever still hangs after the grace and the services' own bound does not keep us up.
    const deadline = setTimeout(() => {
      log.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, graceMs + SERVICES_CLOSE_MS);
    deadline.unref();
    // server.close() ends the keep-alive connections idle at that moment; one whose response
    // ends later would stay open until its keep-alive timeout, and close() with it. Sweep.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    // Started with the listener's close, not after it: both share the one grace.
    const workers = services.stopWorkers().catch((error: unknown) => {
      log.error({ err: error }, 'stopping the job workers failed');
    });
    try {
      await app.close();
      clearInterval(sweep);
      clearTimeout(force);
      log.info('http server closed; waiting for running jobs');
      await workers;
      log.info('closing services');
      await services.close();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}
