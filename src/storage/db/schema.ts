// Row types of the tables as Kysely sees them. Internal to src/storage/db: repositories
// turn these rows into the records of types.ts. JSON columns are text on every backend.
import type { Kysely } from 'kysely';
import type { KeyRole, StoredJobStatus, TemplateKind, WebhookDeliveryOutcome } from './types.ts';

export interface AccountsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  name: string;
  prefix: string;
  hash: string;
  role: KeyRole;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface TemplatesTable {
  id: string;
  account_id: string;
  name: string;
  description: string;
  kind: TemplateKind;
  current_version: number;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface TemplateVersionsTable {
  template_id: string;
  version: number;
  source: string;
  compiled: string | null;
  /** JSON text. */
  schema: string;
  /** JSON text. */
  options: string;
  created_at: string;
}

export interface JobsTable {
  id: string;
  account_id: string;
  status: StoredJobStatus;
  /** JSON text. */
  payload: string;
  /** JSON text, once succeeded. */
  result: string | null;
  /** JSON text ({code, message}): the last failure, kept while the job waits for its retry. */
  error: string | null;
  /** Claims so far: a run cut short by a crash counts too. */
  attempts: number;
  run_after: string;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface RendersTable {
  id: string;
  account_id: string;
  blob_key: string;
  content_type: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
  etag: string;
  render_ms: number;
  created_at: string;
}

export interface SettingsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  account_id: string;
  job_id: string;
  url: string;
  attempt: number;
  outcome: WebhookDeliveryOutcome;
  status: number | null;
  error: string | null;
  duration_ms: number;
  next_attempt_at: string | null;
  created_at: string;
}

/**
 * Columns migration 0004 added to `accounts`. Kept apart from AccountsTable because only the
 * metering repository reads or writes them; it widens its handle with `withTables`.
 */
export interface AccountMeteringColumns {
  id: string;
  /** null: the configured default plan. */
  plan: string | null;
  credits: number;
}

/** Renders charged per account and calendar month (UTC, 'YYYY-MM'). */
export interface AccountUsageTable {
  account_id: string;
  period: string;
  used: number;
}

export interface FontsTable {
  id: string;
  account_id: string;
  family: string;
  weight: number;
  /** A variable font's wght axis; both NULL for a static font. */
  weight_min: number | null;
  weight_max: number | null;
  style: 'normal' | 'italic';
  format: string;
  bytes: number;
  blob_key: string;
  /** JSON text: an array of script names. */
  scripts: string;
  sha256: string;
  created_at: string;
}

export interface TailwindThemesTable {
  account_id: string;
  css: string;
  sha256: string;
  updated_at: string;
}

/** Async batches (POST /v1/render/batch with async): which job runs each item. */
export interface BatchesTable {
  id: string;
  account_id: string;
  /** JSON text: the job ids, one per item, in item order. */
  job_ids: string;
  webhook_url: string | null;
  created_at: string;
  /** Set once, by the node that claims the batch's batch.completed. */
  completed_at: string | null;
}

export interface Tables {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
  jobs: JobsTable;
  renders: RendersTable;
  settings: SettingsTable;
  account_usage: AccountUsageTable;
  webhook_deliveries: WebhookDeliveriesTable;
  fonts: FontsTable;
  tailwind_themes: TailwindThemesTable;
  batches: BatchesTable;
}

export type Db = Kysely<Tables>;

/**
 * How repositories reach the database. `db()` gives the handle for single statements (the
 * caller's transaction when there is one); `atomic` runs several statements in one
 * transaction, joining the caller's when there is one, since Kysely transactions do not nest.
 */
export interface Executor {
  db(): Db;
  atomic<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
}
