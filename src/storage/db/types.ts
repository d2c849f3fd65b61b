// The database interface every backend implements, with plain records: callers never see
// Kysely, SQL rows or JSON-as-text columns. Timestamps are ISO-8601 strings (UTC, ms precision)
// on every backend, so they sort and compare the same everywhere.
import type { OutputFormat } from '../../core/render-request.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export type DatabaseDialect = 'sqlite' | 'postgres';
export type KeyRole = 'admin' | 'member';
export type TemplateKind = 'html' | 'jsx' | 'elements';

export const templateKinds: readonly TemplateKind[] = ['html', 'jsx', 'elements'];
export const keyRoles: readonly KeyRole[] = ['admin', 'member'];
export const TEMPLATE_NAME_MAX = 120;
export const TEMPLATE_DESCRIPTION_MAX = 2000;
/** Largest page `templates.list` returns, whatever limit is asked for. */
export const TEMPLATE_LIST_MAX = 100;

export interface Account {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key as stored: only the hash of the key is kept, and it never leaves this module. */
export interface ApiKey {
  id: string;
  accountId: string;
  name: string;
  /** First 8 characters of the key, shown in lists so a user can tell keys apart. */
  prefix: string;
  role: KeyRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Render defaults saved with a template version; a render request overrides each one. */
export interface TemplateOptions {
  width?: number;
  height?: number;
  format?: OutputFormat;
  quality?: number;
  devicePixelRatio?: number;
}

export interface TemplateSummary {
  id: string;
  accountId: string;
  name: string;
  description: string;
  kind: TemplateKind;
  currentVersion: number;
  /** Options of the current version, so a list can show size and format without a second read. */
  options: TemplateOptions;
  createdAt: string;
  updatedAt: string;
}

/**
 * A template at one version: the current one, or a pinned older one. Content (source,
 * compiled, schema, options) is per version; name and description are always the current ones.
 */
export interface Template extends TemplateSummary {
  version: number;
  source: string;
  /** Build output for kinds that compile when saved (esbuild for jsx); null otherwise. */
  compiled: string | null;
  /** The variable schema; stored as given, this layer does not interpret it. */
  schema: JsonValue;
  versionCreatedAt: string;
}

export interface TemplateVersionSummary {
  version: number;
  options: TemplateOptions;
  createdAt: string;
}

export interface NewTemplate {
  accountId: string;
  name: string;
  description: string;
  kind: TemplateKind;
  source: string;
  compiled: string | null;
  schema: JsonValue;
  options: TemplateOptions;
}

/**
 * Fields to change; absent fields keep their value. Any present field makes a new version.
 * Replacing `source` without `compiled` clears `compiled`: build output of the old source
 * must never be paired with the new one.
 */
export type TemplatePatch = Partial<
  Pick<NewTemplate, 'name' | 'description' | 'source' | 'compiled' | 'schema' | 'options'>
>;

export interface TemplatePage {
  items: TemplateSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AccountRepository {
  /** `id` is for well-known accounts (the install's own); others get a random id. */
  create(input: { name: string; id?: string }): Promise<Account>;
  get(id: string): Promise<Account | undefined>;
}

export interface KeyRepository {
  create(input: {
    accountId: string;
    name: string;
    role: KeyRole;
    hash: string;
    prefix: string;
  }): Promise<ApiKey>;
  /** The key with this SHA-256 hex hash, unless it was revoked. */
  findActiveByHash(hash: string): Promise<ApiKey | undefined>;
  /** All keys of the account, revoked ones included, newest first. */
  list(accountId: string): Promise<ApiKey[]>;
  /** False when the key is missing, already revoked or belongs to another account. */
  revoke(accountId: string, keyId: string): Promise<boolean>;
  /** Records use; writes at most once a minute per key so busy keys do not hold the write lock. */
  touch(keyId: string): Promise<void>;
  countActive(): Promise<number>;
}

/**
 * Every method is scoped to an account: another account's template, a deleted one and a
 * missing one all give the same answer (undefined or false).
 */
export interface TemplateRepository {
  create(input: NewTemplate): Promise<Template>;
  get(accountId: string, id: string, version?: number): Promise<Template | undefined>;
  /**
   * The version a read of (id, version) would give (the current one when none is named), without
   * its source: renders look it up on every request and compile each id@version once.
   */
  versionOf(accountId: string, id: string, version?: number): Promise<number | undefined>;
  /** Newest first. Throws VALIDATION_FAILED for a cursor this method did not produce. */
  list(accountId: string, page?: { limit?: number; cursor?: string | null }): Promise<TemplatePage>;
  update(accountId: string, id: string, patch: TemplatePatch): Promise<Template | undefined>;
  /** Soft delete: the rows stay, but the template and all its versions read as missing. */
  delete(accountId: string, id: string): Promise<boolean>;
  /** Newest first, or undefined when the template is not visible to the account. */
  versions(accountId: string, id: string): Promise<TemplateVersionSummary[] | undefined>;
}

export type StoredJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Why a job failed, as its account sees it: a stable code and a public message. */
export interface StoredJobError {
  code: string;
  message: string;
  details?: { [key: string]: JsonValue };
}

/** A job of the database queue (src/queue/database.ts) as stored. */
export interface StoredJob {
  id: string;
  accountId: string;
  status: StoredJobStatus;
  payload: JsonValue;
  result: JsonValue | null;
  error: StoredJobError | null;
  /** Claims so far, the current one included: a run cut short by a crash counts too. */
  attempts: number;
  /** When a queued job may run (next). */
  runAfter: string;
  /** The node running it, and until when its lease holds; null unless running. */
  lockedBy: string | null;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * One claim on a running job: the node and the attempt number claim() gave it. Writes after
 * a claim name it and change nothing once the claim is stale (the lease lapsed and another
 * claim, perhaps by the same node, took the job), so a slow node cannot undo a newer run.
 */
export interface JobLease {
  id: string;
  nodeId: string;
  attempts: number;
}

export interface JobRepository {
  /** With `id`: a row that exists already is kept as it is and returned (queued once). */
  insert(input: {
    accountId: string;
    payload: JsonValue;
    runAfter?: string;
    id?: string;
  }): Promise<StoredJob>;
  /** A job of this account; another account's job reads as missing. */
  get(accountId: string, id: string): Promise<StoredJob | undefined>;
  /**
   * Atomically takes one due job (queued with run_after <= now, or running with an expired
   * lease: a crashed node's job), marks it running for nodeId until now + leaseMs and counts
   * the attempt. Concurrent claims, in any process, never get the same job.
   */
  claim(nodeId: string, leaseMs: number): Promise<StoredJob | undefined>;
  /** The writes below return false, changing nothing, when the lease is no longer current. */
  complete(lease: JobLease, result: JsonValue): Promise<boolean>;
  fail(lease: JobLease, error: StoredJobError): Promise<boolean>;
  /** Back to queued until runAfter, keeping the error as the last failure. */
  retryLater(lease: JobLease, error: StoredJobError, runAfter: string): Promise<boolean>;
  renewLease(lease: JobLease, leaseMs: number): Promise<boolean>;
  /**
   * Unfinished jobs, in one query: queued and due, running (an expired lease included), and
   * queued with run_after still ahead (waiting to retry).
   */
  counts(): Promise<{ queued: number; running: number; delayed: number }>;
}

/** A stored image: metadata here, bytes in the blob store under blobKey. */
export interface StoredRender {
  id: string;
  accountId: string;
  blobKey: string;
  contentType: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  etag: string;
  renderMs: number;
  createdAt: string;
}

export interface RenderRepository {
  create(input: Omit<StoredRender, 'id' | 'createdAt'>): Promise<StoredRender>;
  /** By id alone: the public route serves any render whose (unguessable) id it is given. */
  find(id: string): Promise<StoredRender | undefined>;
  /** Scoped to the account, like every other read. */
  get(accountId: string, id: string): Promise<StoredRender | undefined>;
}

/** One webhook POST: 2xx (delivered), any other answer or a network error (failed), or refused by the fetch guard. */
export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'refused';

/** One attempt to deliver a job's webhook, as stored. */
export interface WebhookDelivery {
  id: string;
  accountId: string;
  jobId: string;
  url: string;
  /** 1-based, within one delivery (the job's end). */
  attempt: number;
  outcome: WebhookDeliveryOutcome;
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  /** Why it did not count as delivered (network error, refusal, "answered 503"); null when delivered. */
  error: string | null;
  durationMs: number;
  /** When the next attempt is due; null when none follows. */
  nextAttemptAt: string | null;
  createdAt: string;
}

/** Most attempts list() returns for one job (config caps attempts far lower). */
export const WEBHOOK_DELIVERY_LIST_MAX = 100;

export interface WebhookDeliveryRepository {
  record(input: Omit<WebhookDelivery, 'id' | 'createdAt'>): Promise<WebhookDelivery>;
  /** The job's attempts, oldest first; another account's job has none. */
  list(accountId: string, jobId: string): Promise<WebhookDelivery[]>;
}

/** An account's uploaded font: metadata here, the file in the blob store under blobKey. */
export interface StoredFont {
  id: string;
  accountId: string;
  family: string;
  /** The weight it is declared at (a variable font's default instance). */
  weight: number;
  /** A variable font's `wght` axis: every weight in it draws a real instance. Null when static. */
  weightRange: { min: number; max: number } | null;
  style: 'normal' | 'italic';
  /** ttf, otf, woff or woff2. */
  format: string;
  bytes: number;
  blobKey: string;
  /** Scripts the font's cmap covers (Latin, Cyrillic...). */
  scripts: string[];
  /** SHA-256 hex of the file. */
  sha256: string;
  createdAt: string;
}

export interface FontUsage {
  count: number;
  bytes: number;
}

/** Scoped to an account like templates: another account's font reads as missing. */
export interface FontRepository {
  /** `id` is chosen by the caller, so the blob can be written under it first. */
  create(input: Omit<StoredFont, 'createdAt'>): Promise<StoredFont>;
  /** Oldest first (upload order; uploads in the same millisecond by id). */
  list(accountId: string): Promise<StoredFont[]>;
  get(accountId: string, id: string): Promise<StoredFont | undefined>;
  /** The removed font, or undefined when the account has no such font. */
  delete(accountId: string, id: string): Promise<StoredFont | undefined>;
  usage(accountId: string): Promise<FontUsage>;
}

/** An account's Tailwind theme: CSS `@theme { ... }` blocks its templates share. */
export interface StoredTailwindTheme {
  accountId: string;
  css: string;
  /** SHA-256 hex of `css`: compile and render cache keys use it. */
  sha256: string;
  updatedAt: string;
}

/** One theme per account; another account's theme reads as missing. */
export interface TailwindThemeRepository {
  get(accountId: string): Promise<StoredTailwindTheme | undefined>;
  /** Creates or replaces the account's theme. */
  put(accountId: string, css: string, sha256: string): Promise<StoredTailwindTheme>;
  /** false when the account had no theme. */
  delete(accountId: string): Promise<boolean>;
}

/** Install-wide values created once (generated secrets), shared by every node. */
export interface SettingRepository {
  get(name: string): Promise<string | undefined>;
  /** Stores `value` unless the name exists; returns whichever value won (first writer wins). */
  getOrCreate(name: string, value: () => string): Promise<string>;
}

/** An account's plan and credit balance, as stored (src/metering reads them). */
export interface AccountMetering {
  /** null: the configured default plan. */
  plan: string | null;
  credits: number;
}

/** Largest credit balance an account can hold (fits a 32-bit integer column on every backend). */
export const CREDIT_BALANCE_MAX = 2_000_000_000;

/** One charge: `units` renders in `period` ('YYYY-MM'), and as many credits when `credits`. */
export interface MeteringCharge {
  accountId: string;
  period: string;
  units: number;
  credits: boolean;
}

/** What take() did: charged (with the counters after it), or why it charged nothing. */
export type MeteringTake =
  | { ok: true; used: number; balance: number }
  | { ok: false; reason: 'quota'; used: number; balance: number }
  | { ok: false; reason: 'credits'; used: number; balance: number }
  | { ok: false; reason: 'account' };

/**
 * Quotas and credits, exact under concurrency in any number of processes: every change is a
 * conditional UPDATE whose WHERE holds the limit, so two writers can never both pass it.
 */
export interface MeteringRepository {
  get(accountId: string): Promise<AccountMetering | undefined>;
  /** Renders charged to the account in `period`; 0 when none. */
  used(accountId: string, period: string): Promise<number>;
  /**
   * In one transaction: adds `units` to the month's counter unless that passes `quota` (null:
   * no limit), and takes `units` credits when `charge.credits` unless the balance is short.
   * Either both happen or neither does.
   */
  take(charge: MeteringCharge & { quota: number | null }): Promise<MeteringTake>;
  /** Undoes one take() in one transaction; the counter never goes below 0. */
  giveBack(charge: MeteringCharge): Promise<void>;
  /**
   * Adds `amount` (may be negative) to the balance, which stays within 0..CREDIT_BALANCE_MAX.
   * The new balance, or undefined when there is no such account.
   */
  addCredits(accountId: string, amount: number): Promise<number | undefined>;
  /** false when there is no such account. The name is not checked here: plans live in config. */
  setPlan(accountId: string, plan: string | null): Promise<boolean>;
}

/** An async batch: its items are queue jobs, listed in item order. */
export interface Batch {
  id: string;
  accountId: string;
  jobIds: string[];
  /** Every item's webhook, when the batch was given one. */
  webhookUrl: string | null;
  createdAt: string;
  /** When its last item ended and its completion was claimed; null until then. */
  completedAt: string | null;
}

export interface BatchRepository {
  /** `id` is chosen by the caller, so the jobs can carry it before the batch is saved. */
  create(input: Omit<Batch, 'createdAt' | 'completedAt'>): Promise<Batch>;
  /** Another account's batch reads as missing. */
  get(accountId: string, id: string): Promise<Batch | undefined>;
  /**
   * Marks the batch completed, once: true only for the one caller, on any node, that set it
   * (false when it was set already or there is no such batch).
   */
  claimCompletion(id: string): Promise<boolean>;
}

export interface Repositories {
  accounts: AccountRepository;
  keys: KeyRepository;
  templates: TemplateRepository;
  jobs: JobRepository;
  renders: RenderRepository;
  settings: SettingRepository;
  metering: MeteringRepository;
  webhookDeliveries: WebhookDeliveryRepository;
  fonts: FontRepository;
  tailwindThemes: TailwindThemeRepository;
  batches: BatchRepository;
}

export interface Database extends Repositories {
  readonly dialect: DatabaseDialect;
  /**
   * Runs fn in one transaction: all its writes commit together or not at all. Use only the
   * `tx` argument inside fn; the outer Database rejects calls made from inside fn, because on
   * SQLite they would wait forever for the connection the transaction holds.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** A round trip to the database, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// or postgresql:// URL; absent means SQLite in dataDir. */
  url?: string;
  dataDir: string;
  /** Called after migrations ran at start with the names applied by this process (often none). */
  onMigrated?: (applied: readonly string[]) => void;
}
