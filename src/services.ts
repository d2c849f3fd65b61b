// Wires config into the long-lived parts (database, engine, fetcher, pool, compiler,
// pipeline) once. The server and the CLI both start here, so they render exactly alike.
import type { Config } from './config.ts';
import { createFetchGuard, type Fetcher } from './core/fetch-guard.ts';
import { createPipeline, type Pipeline } from './core/pipeline.ts';
import { createRenderPool, type RenderPool } from './core/render-pool.ts';
import { createNativeEngine } from './engines/native/engine.ts';
import type { Engine } from './engines/types.ts';
import { createDatabase, type Database } from './storage/db/index.ts';
import { createHtmlCompiler } from './templates/html/compile.ts';

export interface Services {
  engine: Engine;
  fetcher: Fetcher;
  pool: RenderPool;
  pipeline: Pipeline;
  /** Present when asked for: the CLI renders inline templates without touching a database. */
  db: Database | undefined;
  close(): Promise<void>;
}

export interface ServicesOptions {
  database?: boolean;
}

export async function createServices(config: Config, options: ServicesOptions = {}): Promise<Services> {
  const db = options.database
    ? await createDatabase({ url: config.databaseUrl || undefined, dataDir: config.dataDir })
    : undefined;
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
    db,
    async close() {
      await Promise.all([engine.close(), fetcher.close(), db?.close()]);
    },
  };
}
