// Placard's settings: one table of every setting with its PLACARD_* variable, type, default
// and meaning. Loaded and validated once at boot; every problem is reported at once, and an
// unknown PLACARD_* variable is an error (a typo must not silently fall back to a default).
import os from 'node:os';
import path from 'node:path';
import { unknownSettingProblem } from './config-hints.ts';

type Kind = 'int' | 'bool' | 'string' | 'list';

interface Setting<K extends Kind = Kind> {
  env: string;
  kind: K;
  default: K extends 'int' ? number : K extends 'bool' ? boolean : K extends 'list' ? string[] : string;
  min?: number;
  max?: number;
  description: string;
}

const setting = <K extends Kind>(s: Setting<K>): Setting<K> => s;

export const settings = {
  port: setting({
    env: 'PLACARD_PORT',
    kind: 'int',
    default: 3000,
    min: 0,
    max: 65535,
    description: 'HTTP port.',
  }),
  host: setting({
    env: 'PLACARD_HOST',
    kind: 'string',
    default: '0.0.0.0',
    description: 'Address to listen on.',
  }),
  dataDir: setting({
    env: 'PLACARD_DATA_DIR',
    kind: 'string',
    default: './data',
    description: 'Folder for embedded state: the SQLite database (when no PLACARD_DATABASE_URL).',
  }),
  databaseUrl: setting({
    env: 'PLACARD_DATABASE_URL',
    kind: 'string',
    default: '',
    description: 'postgres:// URL for PostgreSQL; empty keeps the embedded SQLite file in the data folder.',
  }),
  apiKeys: setting({
    env: 'PLACARD_API_KEYS',
    kind: 'list',
    default: [],
    description: "Comma-separated keys always accepted as admin keys of the install's own account.",
  }),
  logLevel: setting({
    env: 'PLACARD_LOG_LEVEL',
    kind: 'string',
    default: 'info',
    description: 'pino log level: fatal, error, warn, info, debug, trace or silent.',
  }),
  shutdownGraceMs: setting({
    env: 'PLACARD_SHUTDOWN_GRACE_MS',
    kind: 'int',
    default: 10_000,
    min: 0,
    max: 600_000,
    description:
      'On SIGTERM or SIGINT: how long requests in flight may finish after the listener closes; then their connections are closed.',
  }),
  role: setting({
    env: 'PLACARD_ROLE',
    kind: 'string',
    default: 'all',
    description:
      'What `placard serve` runs: api (HTTP, enqueues jobs), worker (runs jobs; serves only /healthz, /readyz, /metrics) or all.',
  }),
  bodyLimitBytes: setting({
    env: 'PLACARD_BODY_LIMIT_BYTES',
    kind: 'int',
    default: 1_048_576,
    min: 1024,
    description: 'Largest request body accepted.',
  }),
  maxTemplateBytes: setting({
    env: 'PLACARD_MAX_TEMPLATE_BYTES',
    kind: 'int',
    default: 512_000,
    min: 1024,
    description: 'Largest inline template source.',
  }),
  maxOutputPixels: setting({
    env: 'PLACARD_MAX_OUTPUT_PIXELS',
    kind: 'int',
    default: 40_000_000,
    min: 1,
    description: 'Largest output bitmap (width*scale x height*scale).',
  }),
  renderConcurrency: setting({
    env: 'PLACARD_RENDER_CONCURRENCY',
    kind: 'int',
    // Takumi draws on its own threads and keeps more cores busy with two renders per core in
    // flight: 138 renders/s over HTTP against 124 with one per core (npm run bench, 2 cores).
    default: 2 * os.availableParallelism(),
    min: 1,
    description: 'Renders drawn at once (default: two per core).',
  }),
  renderQueueMax: setting({
    env: 'PLACARD_RENDER_QUEUE_MAX',
    kind: 'int',
    default: 64,
    min: 0,
    description: 'Renders that may wait for a slot; past this the server answers 503 with Retry-After.',
  }),
  maxLoopDelayMs: setting({
    env: 'PLACARD_MAX_LOOP_DELAY_MS',
    kind: 'int',
    // Requests then wait this long just to be read, 5-20 renders' time; lower shed on this
    // shared 2-core machine whenever other processes took the CPU (npm run soak).
    default: 200,
    min: 0,
    description:
      'When the event loop falls further behind than this, new requests get 503 with Retry-After until it catches up (0: off).',
  }),
  defaultTimeoutMs: setting({
    env: 'PLACARD_DEFAULT_TIMEOUT_MS',
    kind: 'int',
    default: 30_000,
    min: 1000,
    max: 60_000,
    description: 'Render time cap when a request sets no timeout_ms.',
  }),
  fetchTimeoutMs: setting({
    env: 'PLACARD_FETCH_TIMEOUT_MS',
    kind: 'int',
    default: 10_000,
    min: 100,
    description: 'Time limit for one remote image, redirects included.',
  }),
  fetchMaxBytes: setting({
    env: 'PLACARD_FETCH_MAX_BYTES',
    kind: 'int',
    default: 10_485_760,
    min: 1024,
    description: 'Largest remote image.',
  }),
  fetchMaxRedirects: setting({
    env: 'PLACARD_FETCH_MAX_REDIRECTS',
    kind: 'int',
    default: 5,
    min: 0,
    max: 20,
    description: 'Redirects followed for one remote image.',
  }),
  fetchConcurrency: setting({
    env: 'PLACARD_FETCH_CONCURRENCY',
    kind: 'int',
    default: 32,
    min: 1,
    description:
      'Remote images fetched at once; past this a render needing another answers 503 with Retry-After. Bounds the memory slow image servers can hold (this x PLACARD_FETCH_MAX_BYTES).',
  }),
  assetCacheBytes: setting({
    env: 'PLACARD_ASSET_CACHE_BYTES',
    kind: 'int',
    default: 64 * 1024 * 1024,
    min: 0,
    description: 'Memory for remote images kept between renders (0: fetch every time).',
  }),
  assetCacheTtlMs: setting({
    env: 'PLACARD_ASSET_CACHE_TTL_MS',
    kind: 'int',
    default: 5 * 60_000,
    min: 0,
    description: 'How long a fetched remote image is reused before it is fetched again.',
  }),
  fetchAllowPrivate: setting({
    env: 'PLACARD_FETCH_ALLOW_PRIVATE',
    kind: 'bool',
    default: false,
    description:
      'Allow remote images from private, loopback and link-local addresses. Off: keep it off in production.',
  }),
  fetchAllowHosts: setting({
    env: 'PLACARD_FETCH_ALLOW_HOSTS',
    kind: 'list',
    default: [],
    description: 'Host names exempt from the private-address check (an internal asset server).',
  }),
  redisUrl: setting({
    env: 'PLACARD_REDIS_URL',
    kind: 'string',
    default: '',
    description:
      'redis:// URL: shares the render cache and runs async jobs on BullMQ across nodes. Empty: in-process.',
  }),
  redisPrefix: setting({
    env: 'PLACARD_REDIS_PREFIX',
    kind: 'string',
    default: 'placard',
    description:
      'Start of every Redis key (queue, cache, locks, rate limits), so installs can share one Redis.',
  }),
  cacheTtl: setting({
    env: 'PLACARD_CACHE_TTL',
    kind: 'int',
    default: 3600,
    min: 0,
    max: 604_800,
    description: 'Seconds a render is served from the cache when a request sets no cache_ttl (0: no cache).',
  }),
  cacheMaxBytes: setting({
    env: 'PLACARD_CACHE_MAX_BYTES',
    kind: 'int',
    default: 256 * 1024 * 1024,
    min: 0,
    description: 'Memory the in-process render cache may use (without Redis).',
  }),
  baseUrl: setting({
    env: 'PLACARD_BASE_URL',
    kind: 'string',
    default: '',
    description:
      "Placard's public origin for the URLs it mints (https://img.example.com). Empty: from each request's Host.",
  }),
  publicBaseUrl: setting({
    env: 'PLACARD_PUBLIC_BASE_URL',
    kind: 'string',
    default: '',
    description: 'With S3: the CDN or bucket URL stored renders are served from. Empty: Placard serves them.',
  }),
  s3Bucket: setting({
    env: 'PLACARD_S3_BUCKET',
    kind: 'string',
    default: '',
    description: 'Keep stored renders in this S3 bucket instead of the data folder.',
  }),
  s3Endpoint: setting({
    env: 'PLACARD_S3_ENDPOINT',
    kind: 'string',
    default: '',
    description: 'S3-compatible endpoint (MinIO, R2, ...). Empty: AWS.',
  }),
  s3Region: setting({
    env: 'PLACARD_S3_REGION',
    kind: 'string',
    default: 'us-east-1',
    description: 'S3 region.',
  }),
  s3AccessKeyId: setting({
    env: 'PLACARD_S3_ACCESS_KEY_ID',
    kind: 'string',
    default: '',
    description: "S3 access key id. Empty: the SDK's default credential chain.",
  }),
  s3SecretAccessKey: setting({
    env: 'PLACARD_S3_SECRET_ACCESS_KEY',
    kind: 'string',
    default: '',
    description: 'S3 secret access key.',
  }),
  s3ForcePathStyle: setting({
    env: 'PLACARD_S3_FORCE_PATH_STYLE',
    kind: 'bool',
    default: false,
    description: 'Path-style bucket URLs (most self-hosted S3 servers need this).',
  }),
  s3Prefix: setting({
    env: 'PLACARD_S3_PREFIX',
    kind: 'string',
    default: '',
    description: 'Key prefix inside the bucket.',
  }),
  signingKeys: setting({
    env: 'PLACARD_SIGNING_KEYS',
    kind: 'list',
    default: [],
    description:
      'Secrets for signed image URLs, comma-separated: the first signs, all verify (rotation). Empty: one generated and kept in the database.',
  }),
  urlTtl: setting({
    env: 'PLACARD_URL_TTL',
    kind: 'int',
    default: 30 * 24 * 3600,
    min: 60,
    description: 'Seconds a signed URL is valid when the request sets no expires_in.',
  }),
  batchMaxItems: setting({
    env: 'PLACARD_BATCH_MAX_ITEMS',
    kind: 'int',
    default: 100,
    min: 1,
    max: 1000,
    description: 'Items allowed in one POST /v1/render/batch.',
  }),
  batchConcurrency: setting({
    env: 'PLACARD_BATCH_CONCURRENCY',
    kind: 'int',
    default: 4,
    min: 1,
    description: 'Items of one batch rendered at once.',
  }),
  jobAttempts: setting({
    env: 'PLACARD_JOB_ATTEMPTS',
    kind: 'int',
    default: 3,
    min: 1,
    max: 20,
    description: 'Attempts for an async render that fails for a transient reason.',
  }),
  jobBackoffMs: setting({
    env: 'PLACARD_JOB_BACKOFF_MS',
    kind: 'int',
    default: 1000,
    min: 10,
    description: 'First retry delay of an async render; doubles each attempt.',
  }),
  jobConcurrency: setting({
    env: 'PLACARD_JOB_CONCURRENCY',
    kind: 'int',
    default: 2,
    min: 1,
    description: 'Async renders run at once on each node.',
  }),
  jobLeaseMs: setting({
    env: 'PLACARD_JOB_LEASE_MS',
    kind: 'int',
    default: 15_000,
    min: 500,
    description:
      "How long a node holds a running job without renewing it; a crashed node's jobs run again on another node after this (with Redis, BullMQ's lock duration and stalled-job check interval: up to twice this).",
  }),
  webhookAttempts: setting({
    env: 'PLACARD_WEBHOOK_ATTEMPTS',
    kind: 'int',
    default: 5,
    min: 1,
    max: 20,
    description: 'Deliveries tried for one webhook, with exponential backoff.',
  }),
  webhookBackoffMs: setting({
    env: 'PLACARD_WEBHOOK_BACKOFF_MS',
    kind: 'int',
    default: 1000,
    min: 10,
    description: 'First webhook retry delay; doubles each attempt.',
  }),
  uploadMaxBytes: setting({
    env: 'PLACARD_UPLOAD_MAX_BYTES',
    kind: 'int',
    default: 5 * 1024 * 1024,
    min: 1024,
    description: 'Largest uploaded image (an OG Engine background image).',
  }),
  uploadMaxPixels: setting({
    env: 'PLACARD_UPLOAD_MAX_PIXELS',
    kind: 'int',
    default: 40_000_000,
    min: 1,
    description:
      'Most pixels an uploaded image may decode to (a small file of huge size is a decompression bomb).',
  }),
  maxFontBytes: setting({
    env: 'PLACARD_MAX_FONT_BYTES',
    kind: 'int',
    default: 10 * 1024 * 1024,
    min: 1024,
    description: 'Largest font file an account may upload (POST /v1/fonts).',
  }),
  maxTailwindThemeBytes: setting({
    env: 'PLACARD_MAX_TAILWIND_THEME_BYTES',
    kind: 'int',
    default: 64 * 1024,
    min: 256,
    description: 'Largest Tailwind theme (CSS @theme blocks) an account may store (PUT /v1/tailwind/theme).',
  }),
  fontQuota: setting({
    env: 'PLACARD_FONT_QUOTA',
    kind: 'int',
    default: 50,
    min: 0,
    description: 'Font files one account may keep.',
  }),
  fontQuotaBytes: setting({
    env: 'PLACARD_FONT_QUOTA_BYTES',
    kind: 'int',
    default: 100 * 1024 * 1024,
    min: 0,
    description: 'Bytes of font files one account may keep, all its fonts together.',
  }),
  fontCacheBytes: setting({
    env: 'PLACARD_FONT_CACHE_BYTES',
    kind: 'int',
    default: 64 * 1024 * 1024,
    min: 0,
    description: 'Memory for account font files kept on each node after their first use.',
  }),
  chromiumPath: setting({
    env: 'PLACARD_CHROMIUM_PATH',
    kind: 'string',
    default: '',
    description:
      "Chromium executable for the chromium engine. Empty: Debian's headless shell (package chromium-headless-shell), else /usr/bin/chromium (and a few usual paths), when installed.",
  }),
  chromiumPages: setting({
    env: 'PLACARD_CHROMIUM_PAGES',
    kind: 'int',
    default: 2,
    min: 1,
    max: 32,
    description:
      'Browser pages rendering at once (about 90 MB each); the browser starts on the first chromium render.',
  }),
  jsxMemoryBytes: setting({
    env: 'PLACARD_JSX_MEMORY_BYTES',
    kind: 'int',
    default: 64 * 1024 * 1024,
    min: 1024 * 1024,
    description: 'Memory one JSX template may use in its sandbox.',
  }),
  jsxTimeoutMs: setting({
    env: 'PLACARD_JSX_TIMEOUT_MS',
    kind: 'int',
    default: 2000,
    min: 10,
    max: 60_000,
    description: 'Time one JSX template may run in its sandbox per render.',
  }),
  jsxWorkers: setting({
    env: 'PLACARD_JSX_WORKERS',
    kind: 'int',
    default: Math.min(4, os.availableParallelism()),
    min: 1,
    max: 64,
    description: 'Worker threads running JSX templates (started on the first JSX render).',
  }),
  templateCacheSize: setting({
    env: 'PLACARD_TEMPLATE_CACHE_SIZE',
    kind: 'int',
    default: 500,
    min: 0,
    description: 'Compiled templates kept in memory (inline ones by content hash, stored ones by version).',
  }),
  plans: setting({
    env: 'PLACARD_PLANS',
    kind: 'string',
    default: '',
    description:
      'Plans as JSON by name: {"free": {"monthly_quota": 500, "per_minute": 10, "credits": false, "features": ["png", "jpeg"]}}. Built in: "standard" (6000 requests a minute, nothing else limited) and "unlimited".',
  }),
  defaultPlan: setting({
    env: 'PLACARD_DEFAULT_PLAN',
    kind: 'string',
    default: 'standard',
    description: 'Plan of every account that has none set.',
  }),
  aiBaseUrl: setting({
    env: 'PLACARD_AI_BASE_URL',
    kind: 'string',
    default: '',
    description:
      'OpenAI-compatible API base URL for AI template generation (https://api.openai.com/v1); empty: generation is off.',
  }),
  aiApiKey: setting({
    env: 'PLACARD_AI_API_KEY',
    kind: 'string',
    default: '',
    description: 'Bearer key sent to PLACARD_AI_BASE_URL.',
  }),
  aiModel: setting({
    env: 'PLACARD_AI_MODEL',
    kind: 'string',
    default: '',
    description: 'Chat model that writes templates (one that accepts image input, for reference images).',
  }),
  aiTimeoutMs: setting({
    env: 'PLACARD_AI_TIMEOUT_MS',
    kind: 'int',
    default: 120_000,
    min: 1000,
    max: 600_000,
    description: 'Time limit for one chat-completions call, reply body included.',
  }),
  aiMaxReplyBytes: setting({
    env: 'PLACARD_AI_MAX_REPLY_BYTES',
    kind: 'int',
    default: 2_097_152,
    min: 1024,
    description: 'Largest chat-completions reply read; a longer one fails that item.',
  }),
  aiMaxImageBytes: setting({
    env: 'PLACARD_AI_MAX_IMAGE_BYTES',
    kind: 'int',
    default: 4_194_304,
    min: 1024,
    description:
      'Largest reference image (as a base64 data URL, in characters) one generation item may send.',
  }),
};

type Settings = typeof settings;
type ValueOf<S> = S extends Setting<infer K> ? Setting<K>['default'] : never;
export type Config = { [K in keyof Settings]: ValueOf<Settings[K]> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function parse(s: Setting, raw: string, problems: string[]): unknown {
  switch (s.kind) {
    case 'string':
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      problems.push(`${s.env} must be true or false; received ${JSON.stringify(raw)}`);
      return s.default;
    case 'int': {
      const n = Number(raw);
      const inRange = Number.isInteger(n) && n >= (s.min ?? -Infinity) && n <= (s.max ?? Infinity);
      if (!inRange) {
        const range = `${s.min ?? '-∞'}..${s.max ?? '∞'}`;
        problems.push(`${s.env} must be an integer in ${range}; received ${JSON.stringify(raw)}`);
        return s.default;
      }
      return n;
    }
  }
}

/** Reads every setting from `env`, overridden by `overrides` (tests, CLI flags). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const names = Object.values(settings).map((s) => s.env);
  const known = new Set(names);
  for (const name of Object.keys(env)) {
    if (name.startsWith('PLACARD_') && !known.has(name)) problems.push(unknownSettingProblem(name, names));
  }
  const config: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(settings) as [string, Setting][]) {
    const raw = env[s.env];
    config[key] = raw === undefined || raw === '' ? s.default : parse(s, raw, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const result = { ...(config as Config), ...overrides };
  result.dataDir = path.resolve(result.dataDir);
  return result;
}
