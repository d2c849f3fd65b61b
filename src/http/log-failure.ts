// One rule for logging a failed request, shared by the native and the dialect error handlers.
// A server fault is ours to fix, so it gets an error line with its stack; a client's mistake is
// routine, but its code is worth an info line when someone asks why their request failed.
// Shedding load (SERVER_BUSY) is the server working as meant: at hundreds of 503s a second, an
// error line with a stack each would spend the CPU the overload lacks.
import type { FastifyBaseLogger } from 'fastify';
import type { PlacardError } from '../errors/placard-error.ts';

/** `known`: what `error` stands for, or undefined for an unexpected error (a bug, a crash). */
export function logFailure(
  log: FastifyBaseLogger,
  error: unknown,
  known: PlacardError | undefined,
  status = known?.status ?? 500,
): void {
  if (!known) log.error({ err: error }, 'unhandled error');
  else if (status >= 500 && known.code !== 'SERVER_BUSY')
    log.error({ err: error, code: known.code }, known.message);
  else log.info({ code: known.code, status }, known.message);
}

/** The client hung up and the render was stopped for it: nobody is there to answer. */
export function logClientGone(log: FastifyBaseLogger, error: unknown): void {
  log.info({ reason: (error as Error).message }, 'client closed the connection before the reply');
}
