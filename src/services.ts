// Wires config into the long-lived parts (database, engine, fetcher, pool, compiler,
// pipeline) once. The server and the CLI both start here, so they render exactly alike.
import type { Config } from './config.ts';
import { createFetchGuard, type Fetcher } from './core/fetch-guard.ts';
import { createPipeline, type Pipeline } from './core/pipeline.ts';
import { createRenderPool, type RenderPool } from './core/render-pool.ts';
import { createNativeEngine } from './engines/native/engine.ts';
import type { Engine } from './engines/types.ts';
import { createDatabase, type Database } from './storage/db/index.ts';
import { createHtmlCompiler, type HtmlCompiler } from './templates/html/compile.ts';
import { createJsxSandbox, type JsxSandbox } from './templates/jsx/index.ts';
import { createTemplateResolver, type TemplateResolver } from './templates/resolver.ts';

export interface Services {
  engine: Engine;
  fetcher: Fetcher;
  pool: RenderPool;
  pipeline: Pipeline;
  /** Compiles and resolves templates of every kind (the templates routes use it too). */
  templates: TemplateResolver;
  /** Handlebars, shared so saving and rendering use one cache. */
  html: HtmlCompiler;
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
  let sandbox: JsxSandbox | undefined;
  const jsx = () =>
    (sandbox ??= createJsxSandbox({
      memoryBytes: config.jsxMemoryBytes,
      timeoutMs: config.jsxTimeoutMs,
      workers: config.jsxWorkers,
    }));
  const html = createHtmlCompiler({ cacheSize: config.templateCacheSize });
  const templates = createTemplateResolver({
    html,
    jsx,
    db,
    cacheSize: config.templateCacheSize,
  });
  const pipeline = createPipeline({
    engine,
    fetcher,
    pool,
    templates,
    limits: { maxOutputPixels: config.maxOutputPixels },
  });
  return {
    engine,
    fetcher,
    pool,
    pipeline,
    templates,
    html,
    db,
    async close() {
      sandbox?.close();
      await Promise.all([engine.close(), fetcher.close(), db?.close()]);
    },
  };
}
