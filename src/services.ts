// Wires config into the long-lived parts (engine, fetcher, pool, compiler, pipeline) once.
// The server and the CLI both start here, so they render exactly alike.
import type { Config } from './config.ts';
import { createFetchGuard, type Fetcher } from './core/fetch-guard.ts';
import { createPipeline, type Pipeline } from './core/pipeline.ts';
import { createRenderPool, type RenderPool } from './core/render-pool.ts';
import { createNativeEngine } from './engines/native/engine.ts';
import type { Engine } from './engines/types.ts';
import { createHtmlCompiler } from './templates/html/compile.ts';

export interface Services {
  engine: Engine;
  fetcher: Fetcher;
  pool: RenderPool;
  pipeline: Pipeline;
  close(): Promise<void>;
}

export async function createServices(config: Config): Promise<Services> {
  const engine = await createNativeEngine();
  const fetcher = createFetchGuard({
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: config.fetchMaxRedirects,
    allowPrivate: config.fetchAllowPrivate,
    allowHosts: config.fetchAllowHosts,
  });
  const pool = createRenderPool({ concurrency: config.renderConcurrency, queueMax: config.renderQueueMax });
  const compiler = createHtmlCompiler({ cacheSize: config.templateCacheSize });
  const pipeline = createPipeline({
    engine,
    fetcher,
    pool,
    compiler,
    limits: { maxOutputPixels: config.maxOutputPixels },
  });
  return {
    engine,
    fetcher,
    pool,
    pipeline,
    async close() {
      await Promise.all([engine.close(), fetcher.close()]);
    },
  };
}
