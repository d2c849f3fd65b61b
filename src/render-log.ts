// One log line per render, from every entry point (native API, dialects, batch, jobs): which
// engine drew it, the template kind, the account, the format, the cache outcome and the time.
// A failure is logged by who caused it: a client's mistake (4xx) at info with its code, a
// server fault at error, a client that hung up at info. Wraps the pipeline like the metrics do.
import type { Logger } from 'pino';
import { callerGone, type Pipeline } from './core/pipeline.ts';
import { isPlacardError } from './errors/placard-error.ts';

const round = (ms: number) => Math.round(ms * 10) / 10;

export function logRenders(pipeline: Pipeline, log: Logger | undefined): Pipeline {
  if (!log) return pipeline;
  return {
    ...pipeline,
    async render(request, signal, hooks) {
      const started = performance.now();
      // The request's kind until a render resolves its template ("stored" names no kind).
      const fields = {
        kind: request.template.kind as string,
        stored: request.template.kind === 'stored',
        account: request.accountId ?? null,
      };
      try {
        const result = await pipeline.render(request, signal, hooks);
        // Most servers log at warn: the fields are not even built then (a cache hit is ~100 µs).
        if (!log.isLevelEnabled('info')) return result;
        log.info(
          {
            ...fields,
            kind: result.templateKind,
            engine: result.engine,
            format: result.format,
            cache: result.cache,
            ms: round(result.renderMs),
            width: result.width,
            height: result.height,
            bytes: result.data.length,
          },
          'render',
        );
        return result;
      } catch (error) {
        const failed = {
          ...fields,
          engine: request.engine,
          format: request.format ?? null,
          ms: round(performance.now() - started),
        };
        if (callerGone(signal)) {
          log.info({ ...failed, outcome: 'abandoned' }, 'render abandoned: the client closed the connection');
        } else if (isPlacardError(error) && error.status < 500) {
          log.info(
            { ...failed, outcome: 'refused', code: error.code, status: error.status },
            'render refused',
          );
        } else {
          const code = isPlacardError(error) ? error.code : 'INTERNAL_ERROR';
          log.error({ ...failed, outcome: 'failed', code, err: error }, 'render failed');
        }
        throw error;
      }
    },
  };
}
