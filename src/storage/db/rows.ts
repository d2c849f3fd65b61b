// Row-to-record mapping: snake_case rows with JSON as text in, the records of types.ts out.
import type { AccountsTable, ApiKeysTable, TemplatesTable, TemplateVersionsTable } from './schema.ts';
import type {
  Account,
  ApiKey,
  JsonValue,
  Template,
  TemplateOptions,
  TemplateSummary,
  TemplateVersionSummary,
} from './types.ts';

export function toAccount(row: AccountsTable): Account {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export function toApiKey(row: ApiKeysTable): ApiKey {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    prefix: row.prefix,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Only this module writes these columns, always with JSON.stringify, so the cast is safe. */
export function parseOptions(text: string): TemplateOptions {
  return JSON.parse(text) as TemplateOptions;
}

export type TemplateRow = Omit<TemplatesTable, 'deleted_at'>;

export function toTemplateSummary(row: TemplateRow, optionsText: string): TemplateSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    currentVersion: row.current_version,
    options: parseOptions(optionsText),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toTemplate(row: TemplateRow, version: Omit<TemplateVersionsTable, 'template_id'>): Template {
  return {
    ...toTemplateSummary(row, version.options),
    version: version.version,
    source: version.source,
    compiled: version.compiled,
    schema: JSON.parse(version.schema) as JsonValue,
    versionCreatedAt: version.created_at,
  };
}

export function toVersionSummary(row: {
  version: number;
  options: string;
  created_at: string;
}): TemplateVersionSummary {
  return { version: row.version, options: parseOptions(row.options), createdAt: row.created_at };
}
