// Wires config into the long-lived parts (database, engine, fetcher, pool, templates, cache,
// blobs, signer, queue, pipeline) once. The server and the CLI both start here, so they render
// exactly alike. Backends are picked by config; heavy ones load only when picked.
import { randomBytes } from 'node:crypto';
import { access, constants as fsConstants } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  createMemoryCache,
  createRedisCache,
  createRedisSingleFlight,
  createSingleFlight,
  type RenderCache,
  type RenderFlight,
} from './cache/index.ts';
import type { Config } from './config.ts';
import { withAssetCache } from './core/asset-cache.ts';
import { createFetchGuard, type Fetcher } from './core/fetch-guard/index.ts';
import { createPipeline, type Pipeline } from './core/pipeline.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { logRenders } from './render-log.ts';
import { createRenderPool, type RenderPool } from './core/render-pool.ts';
import { createSigner, type Signer } from './core/signing.ts';
import { createBatchCompletion } from './delivery/batch-completion.ts';
import { createRenderJobHandler } from './delivery/render-jobs.ts';
import { createRenderStore, type RenderStore } from './delivery/render-store.ts';
import { webhookAddressCheck, type WebhookAddressCheck } from './delivery/webhook-address.ts';
import { createWebhookSender } from './delivery/webhooks.ts';
import { rasterkitWebhookBody } from './http/compat/rasterkit/job-view.ts';
import { createBullmqQueue, createDatabaseQueue, type JobQueue } from './queue/index.ts';
import { createAuthenticator, type Authenticator } from './auth/keys.ts';
import { meteredAdmission, unmetered, type Admission } from './http/admission.ts';
import { createMetering, loadPlans, rateLimitHeaders, type Metering } from './metering/index.ts';
import { createChromiumEngine } from './engines/chromium/index.ts';
import { createNativeEngine } from './engines/native/engine.ts';
import type { Engines } from './engines/select.ts';
import type { Engine } from './engines/types.ts';
import { createFontLibrary, type FontLibrary } from './fonts/library.ts';
import { createTailwindThemes, type TailwindThemes } from './templates/tailwind/themes.ts';
import { createFsBlobStore, createS3BlobStore, type BlobStore } from './storage/blob/index.ts';
import { createDatabase, type Database, type WebhookDeliveryRepository } from './storage/db/index.ts';
import { createHtmlCompiler, type HtmlCompiler } from './templates/html/compile.ts';
import { createJsxSandbox, type JsxSandbox } from './templates/jsx/index.ts';
import { createTemplateResolver, type TemplateResolver } from './templates/resolver.ts';
import { createTemplateService, type TemplateService } from './templates/service.ts';

/** What renders: every entry point has it (server, worker, CLI, library mode). */
export interface RenderServices {
  config: Config;
  /** The native engine (Takumi). */
  engine: Engine;
  /** Every engine a render may use: native, and Chromium when installed. */
  engines: Engines;
  fetcher: Fetcher;
  pool: RenderPool;
  pipeline: Pipeline;
  /** Prometheus metrics, served at GET /metrics. */
  metrics: Metrics;
  /** Compiles and resolves templates of every kind (the templates routes use it too). */
  templates: TemplateResolver;
  /** Handlebars, shared so saving and rendering use one cache. */
  html: HtmlCompiler;
  cache: RenderCache;
  /** Judges a webhook address when a job is accepted, with the fetch guard that will POST to it. */
  checkWebhookAddress: WebhookAddressCheck;
  /** Features and render units of a request, by plan (unmetered without a database). */
  admission: Admission;
  /** Starts working async renders on this node (the server does; the CLI does not). */
  startWorkers(): void;
  /**
   * Stops taking jobs; running ones finish within PLACARD_SHUTDOWN_GRACE_MS or are handed back
   * to another node. Enqueueing still works (an API request in flight may still accept a job).
   */
  stopWorkers(): Promise<void>;
  /** What /readyz checks: each dependency this node has, by name. */
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

/** What stores: there when created with the database (the server), absent for the CLI. */
export interface StoredServices {
  db: Database;
  /** Stored templates (create, change, version, delete). */
  templateStore: TemplateService;
  /** Stored renders, signed URLs. */
  renders: RenderStore;
  signer: Signer;
  /** API keys, and each request counted against its plan's rate limit. */
  authenticator: Authenticator;
  /** Plans, quotas, credits, rate limits. */
  metering: Metering;
  /** Every webhook delivery attempt, shown on the job. */
  webhookDeliveries: WebhookDeliveryRepository;
  /** Each account's own fonts (POST /v1/fonts), drawn in its renders. */
  fonts: FontLibrary;
  /** Each account's Tailwind theme (PUT /v1/tailwind/theme). */
  themes: TailwindThemes;
  /** Async renders. Nothing runs until startWorkers(). */
  queue: JobQueue;
}

/** Services created with or without the database: the stored half may be missing. */
export type Services = RenderServices & Partial<StoredServices>;

/** Services created with the database (what the server and its routes need). */
export type ServerServices = RenderServices & StoredServices;

export interface ReadinessCheck {
  name: 'database' | 'redis' | 'blobs' | 'chromium';
  /** Throws when the dependency does not answer. */
  check(): Promise<void>;
}

export interface ServicesOptions {
  database?: boolean;
  /** Where the one-line-per-render log goes (the server's logger); none: renders are not logged. */
  logger?: Logger;
}

interface CacheParts {
  cache: RenderCache;
  flight: RenderFlight;
  close(): Promise<void>;
}

// A Redis outage never fails a render (the cache just misses); it is reported once per incident.
const reportRedis = (error: Error) => console.error(`placard: Redis: ${error.message}`);

async function cacheFor(config: Config): Promise<CacheParts> {
  if (!config.redisUrl) {
    const cache = createMemoryCache({ maxBytes: Math.max(1, config.cacheMaxBytes) });
    return { cache, flight: createSingleFlight(), close: () => cache.close() };
  }
  const prefix = config.redisPrefix;
  const cache = await createRedisCache({
    url: config.redisUrl,
    prefix: `${prefix}:render:`,
    onError: reportRedis,
  });
  const flight = await createRedisSingleFlight(
    {
      url: config.redisUrl,
      prefix: `${prefix}:lock:`,
      lockMs: config.defaultTimeoutMs,
      waitMs: config.defaultTimeoutMs,
      onError: reportRedis,
    },
    cache,
  );
  return { cache, flight, close: async () => void (await Promise.all([cache.close(), flight.close()])) };
}

/** The blob store config picks (the CLI's font commands use it too). */
export async function blobsFor(config: Config): Promise<BlobStore> {
  if (!config.s3Bucket) return createFsBlobStore({ dir: path.join(config.dataDir, 'blobs') });
  return createS3BlobStore({
    bucket: config.s3Bucket,
    endpoint: config.s3Endpoint || undefined,
    region: config.s3Region,
    accessKeyId: config.s3AccessKeyId || undefined,
    secretAccessKey: config.s3SecretAccessKey || undefined,
    forcePathStyle: config.s3ForcePathStyle,
    publicBaseUrl: config.publicBaseUrl || undefined,
    prefix: config.s3Prefix || undefined,
  });
}

/** Configured keys, else one generated on first start and shared by every node through the database. */
async function signerFor(config: Config, db: Database): Promise<Signer> {
  if (config.signingKeys.length > 0) return createSigner(config.signingKeys);
  const generated = await db.settings.getOrCreate('url_signing_key', () =>
    randomBytes(32).toString('base64url'),
  );
  return createSigner([generated]);
}

async function queueFor(config: Config, db: Database): Promise<JobQueue> {
  const options = {
    maxAttempts: config.jobAttempts,
    backoffMs: config.jobBackoffMs,
    concurrency: config.jobConcurrency,
    // A stopping node waits this long for its running jobs, then hands them back.
    graceMs: config.shutdownGraceMs,
  };
  // One setting for both: how soon a crashed node's running jobs run again elsewhere.
  return config.redisUrl
    ? createBullmqQueue({
        ...options,
        url: config.redisUrl,
        prefix: config.redisPrefix,
        lockMs: config.jobLeaseMs,
      })
    : createDatabaseQueue(db, { ...options, leaseMs: config.jobLeaseMs });
}

/** A missing blob answers undefined from a store that works; a store that fails throws. */
const PROBE_KEY = 'readyz/probe';

function readinessChecks(
  config: Config,
  db: Database | undefined,
  queue: JobQueue | undefined,
  blobs: BlobStore | undefined,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (db) checks.push({ name: 'database', check: () => db.ping() });
  const ping = queue?.ping?.bind(queue);
  if (ping) checks.push({ name: 'redis', check: ping });
  if (blobs) checks.push({ name: 'blobs', check: async () => void (await blobs.get(PROBE_KEY)) });
  // Launching a browser per probe would cost more than the probe is worth: the binary is enough.
  const chromium = config.chromiumPath;
  if (chromium) checks.push({ name: 'chromium', check: () => access(chromium, fsConstants.X_OK) });
  return checks;
}

async function meteringFor(config: Config, db: Database): Promise<Metering> {
  const { plans, defaultPlan } = loadPlans(config);
  return createMetering({
    db,
    plans,
    defaultPlan,
    redisUrl: config.redisUrl || undefined,
    redisPrefix: `${config.redisPrefix}:rate:`,
    onError: reportRedis,
  });
}

/** The stored half, on the database and blob store the server was given. */
async function storedFor(
  config: Config,
  parts: { db: Database; blobs: BlobStore; fonts: FontLibrary; themes: TailwindThemes; html: HtmlCompiler },
): Promise<StoredServices> {
  const { db, blobs, fonts, themes, html } = parts;
  const renders = createRenderStore(db, blobs);
  const queue = await queueFor(config, db);
  const metering = await meteringFor(config, db);
  const authenticator = createAuthenticator(db, config.apiKeys, async (accountId) =>
    rateLimitHeaders(await metering.rateLimit(accountId)),
  );
  return {
    db,
    renders,
    fonts,
    themes,
    templateStore: createTemplateService({ db, html, maxTemplateBytes: config.maxTemplateBytes }),
    signer: await signerFor(config, db),
    queue,
    metering,
    authenticator,
    webhookDeliveries: db.webhookDeliveries,
  };
}

export function createServices(
  config: Config,
  options: ServicesOptions & { database: true },
): Promise<ServerServices>;
export function createServices(config: Config, options?: ServicesOptions): Promise<Services>;
export async function createServices(config: Config, options: ServicesOptions = {}): Promise<Services> {
  const db = options.database
    ? await createDatabase({ url: config.databaseUrl || undefined, dataDir: config.dataDir })
    : undefined;
  const engine = await createNativeEngine();
  // Costs nothing until the first chromium render launches the browser.
  const chromium = createChromiumEngine({
    executablePath: config.chromiumPath || undefined,
    pages: config.chromiumPages,
  });
  const engines: Engines = { native: engine, chromium };
  const guard = createFetchGuard({
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: config.fetchMaxRedirects,
    allowPrivate: config.fetchAllowPrivate,
    allowHosts: config.fetchAllowHosts,
    maxConcurrent: config.fetchConcurrency,
  });
  const fetcher = withAssetCache(guard, { maxBytes: config.assetCacheBytes, ttlMs: config.assetCacheTtlMs });
  const pool = createRenderPool({ concurrency: config.renderConcurrency, queueMax: config.renderQueueMax });
  let sandbox: JsxSandbox | undefined;
  const jsx = () =>
    (sandbox ??= createJsxSandbox({
      memoryBytes: config.jsxMemoryBytes,
      timeoutMs: config.jsxTimeoutMs,
      workers: config.jsxWorkers,
    }));
  const html = createHtmlCompiler({ cacheSize: config.templateCacheSize });
  const templates = createTemplateResolver({ html, jsx, db, cacheSize: config.templateCacheSize });
  const caching = await cacheFor(config);
  const { cache, flight } = caching;
  const blobs = db ? await blobsFor(config) : undefined;
  const fonts =
    db && blobs
      ? createFontLibrary(db, blobs, {
          maxBytes: config.maxFontBytes,
          quota: config.fontQuota,
          quotaBytes: config.fontQuotaBytes,
          cacheBytes: config.fontCacheBytes,
        })
      : undefined;
  const themes = db ? createTailwindThemes(db, { maxBytes: config.maxTailwindThemeBytes }) : undefined;
  const stored =
    db && blobs && fonts && themes ? await storedFor(config, { db, blobs, fonts, themes, html }) : undefined;
  // The queue's backlog is on every node's /metrics, so a worker shows it as well as an API node.
  const metrics = createMetrics(pool, stored?.queue);
  const drawing = createPipeline({
    engines,
    fetcher,
    pool,
    templates,
    cache,
    flight,
    limits: { maxOutputPixels: config.maxOutputPixels, defaultCacheTtl: config.cacheTtl },
    fonts,
    themes,
    onDraw: () => metrics.drew(),
  });
  // Every entry point renders through the counted pipeline (HTTP, dialects, jobs, CLI).
  const pipeline = logRenders(metrics.instrument(drawing), options.logger);
  const queue = stored?.queue;
  const metering = stored?.metering;
  return {
    config,
    engine,
    engines,
    fetcher,
    pool,
    pipeline,
    metrics,
    templates,
    html,
    cache,
    ...stored,
    admission: metering ? meteredAdmission(metering) : unmetered,
    checkWebhookAddress: webhookAddressCheck(fetcher),
    startWorkers() {
      if (!stored) return;
      const { db, queue, renders, metering } = stored;
      const webhooks = createWebhookSender(db, fetcher, {
        attempts: config.webhookAttempts,
        backoffMs: config.webhookBackoffMs,
        onEnd: (outcome) => metrics.webhookEnded(outcome),
      });
      queue.start(
        createRenderJobHandler({
          pipeline,
          renders,
          webhooks,
          webhookBodies: { rasterkit: rasterkitWebhookBody },
          metering,
          maxAttempts: config.jobAttempts,
        }),
        createBatchCompletion({ batches: db.batches, queue, webhooks }),
      );
    },
    stopWorkers: async () => queue?.stop(),
    readiness: readinessChecks(config, db, queue, blobs),
    async close() {
      // Running jobs finish (or are left to another node) before what they use goes away.
      await queue?.close();
      await metering?.close();
      sandbox?.close();
      await Promise.all([engine.close(), chromium.close(), fetcher.close(), caching.close(), blobs?.close()]);
      await db?.close();
    },
  };
}
