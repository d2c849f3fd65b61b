// Schema migrations, kept in code so a bundled or installed Placard needs no migration files.
// One SQL dialect subset for both backends: text and integer columns only, JSON as text,
// timestamps as ISO text. Never edit a shipped migration; add the next one.
//
// No CHECK constraints on enums (role, kind) or lengths: SQLite cannot alter a constraint
// without rebuilding the table, and the repositories validate those anyway.
import {
  sql,
  type ColumnDataType,
  type Expression,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';
import type { DatabaseDialect } from './types.ts';

/**
 * Ids and timestamps are compared and sorted (cursor pagination). SQLite compares text
 * bytewise; PostgreSQL would use the database's locale collation, which is slower and can
 * order differently, so those columns use the bytewise "C" collation there.
 */
function keyText(dialect: DatabaseDialect): ColumnDataType | Expression<unknown> {
  return dialect === 'postgres' ? sql`text collate "C"` : 'text';
}

function initial(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // Kysely<any> is what Migration declares: a migration must not depend on today's row types.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_keys')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('hash', key, (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('last_used_at', key)
        .addColumn('revoked_at', key)
        .execute();
      await db.schema
        .createIndex('api_keys_account')
        .on('api_keys')
        .columns(['account_id', 'created_at'])
        .execute();

      await db.schema
        .createTable('templates')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('current_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .addColumn('deleted_at', key)
        .execute();
      // Serves the account's newest-first list and its cursor comparisons.
      await db.schema
        .createIndex('templates_account_created')
        .on('templates')
        .columns(['account_id', 'created_at', 'id'])
        .execute();

      await db.schema
        .createTable('template_versions')
        .addColumn('template_id', key, (c) => c.notNull().references('templates.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('compiled', 'text')
        .addColumn('schema', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        // The primary key is what makes a duplicate version impossible, whatever a writer does.
        .addPrimaryKeyConstraint('template_versions_pk', ['template_id', 'version'])
        .execute();
    },
  };
}

/** The durable job queue (src/queue/database.ts). */
function jobs(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('jobs')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('result', 'text')
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('run_after', key, (c) => c.notNull())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', key)
        .addColumn('created_at', key, (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .execute();
      // The two ways claim() finds work: queued jobs that are due, running ones whose lease expired.
      await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_after']).execute();
      await db.schema.createIndex('jobs_lease').on('jobs').columns(['status', 'locked_until']).execute();
    },
  };
}

/** Stored renders (response "url", async jobs) and install-wide settings such as secrets. */
function renders(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('renders')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('etag', 'text', (c) => c.notNull())
        .addColumn('render_ms', 'integer', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('name', key, (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Plans and metering (src/metering): the account's plan (null: the configured default, read
 * at request time, so changing PLACARD_DEFAULT_PLAN moves every account that never had one set)
 * and credit balance, plus one usage counter per account and calendar month (UTC, 'YYYY-MM').
 * Counting happens by conditional UPDATEs on these rows, so no lock table is needed.
 */
function metering(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('accounts').addColumn('plan', 'text').execute();
      await db.schema
        .alterTable('accounts')
        .addColumn('credits', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('account_usage')
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('period', key, (c) => c.notNull())
        .addColumn('used', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('account_usage_pk', ['account_id', 'period'])
        .execute();
    },
  };
}

/**
 * Webhook deliveries: one row per attempt, so GET /v1/jobs/:id can show every try and its
 * outcome. Keyed by job id without a foreign key: with BullMQ the jobs live in Redis.
 */
function webhookDeliveries(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('job_id', key, (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', key)
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_job')
        .on('webhook_deliveries')
        .columns(['job_id', 'created_at'])
        .execute();
    },
  };
}

/** Account fonts (src/fonts/library.ts): the files live in the blob store, their facts here. */
function fonts(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('fonts')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('family', 'text', (c) => c.notNull())
        .addColumn('weight', 'integer', (c) => c.notNull())
        .addColumn('style', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('blob_key', 'text', (c) => c.notNull())
        .addColumn('scripts', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();
      // Every render of an account with fonts lists them: one index range read.
      await db.schema
        .createIndex('fonts_account')
        .on('fonts')
        .columns(['account_id', 'created_at', 'id'])
        .execute();
    },
  };
}

/**
 * An account's Tailwind theme (src/templates/tailwind/themes.ts): one CSS `@theme` text per
 * account, read by every render of the account, so every node sees a change.
 */
function tailwindThemes(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tailwind_themes')
        .addColumn('account_id', key, (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
        .addColumn('css', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('updated_at', key, (c) => c.notNull())
        .execute();
    },
  };
}

/** Async batches: the jobs of each, in item order (the jobs themselves are in the queue). */
function batches(dialect: DatabaseDialect): Migration {
  const key = keyText(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('batches')
        .addColumn('id', key, (c) => c.primaryKey())
        .addColumn('account_id', key, (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('job_ids', 'text', (c) => c.notNull())
        .addColumn('webhook_url', 'text')
        .addColumn('created_at', key, (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * A variable font's weight axis (NULL for a static font, and for fonts uploaded before this
 * migration, whose files it does not read). One column per statement: SQLite adds one at a time.
 */
function fontWeightRange(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('fonts').addColumn('weight_min', 'integer').execute();
      await db.schema.alterTable('fonts').addColumn('weight_max', 'integer').execute();
    },
  };
}

/**
 * When an async batch's last item ended and its batch.completed was claimed (NULL until then,
 * and for batches accepted before this migration that have not completed since).
 */
function batchCompleted(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('batches').addColumn('completed_at', 'text').execute();
    },
  };
}

/** Names sort in the order they must run (Kysely runs them alphanumerically). */
export function migrationProvider(dialect: DatabaseDialect): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initial(dialect),
      '0002_jobs': jobs(dialect),
      '0003_renders': renders(dialect),
      '0004_metering': metering(dialect),
      '0005_webhook_deliveries': webhookDeliveries(dialect),
      '0006_fonts': fonts(dialect),
      '0007_tailwind_themes': tailwindThemes(dialect),
      '0008_batches': batches(dialect),
      '0009_font_weight_range': fontWeightRange(),
      '0010_batch_completed': batchCompleted(),
    }),
  };
}
