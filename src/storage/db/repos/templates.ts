// The template repository: account-scoped reads and versioned writes, see the two files it joins.
// Methods are async so a misuse caught by the executor rejects instead of throwing.
import type { Executor } from '../schema.ts';
import type { TemplatePatch, TemplateRepository } from '../types.ts';
import { getTemplate, getVersionOf, listTemplates, listVersions } from './template-reads.ts';
import { createTemplate, deleteTemplate, updateTemplate } from './template-writes.ts';

function isEmpty(patch: TemplatePatch): boolean {
  return Object.values(patch).every((value) => value === undefined);
}

export function templateRepository(ex: Executor): TemplateRepository {
  return {
    create: async (input) => ex.atomic((trx) => createTemplate(trx, input)),
    get: async (accountId, id, version) => getTemplate(ex.db(), accountId, id, version),
    versionOf: async (accountId, id, version) => getVersionOf(ex.db(), accountId, id, version),
    list: async (accountId, page) => listTemplates(ex.db(), accountId, page),
    // A patch that changes nothing makes no version: versions count changes, not calls.
    update: async (accountId, id, patch) =>
      isEmpty(patch)
        ? getTemplate(ex.db(), accountId, id)
        : ex.atomic((trx) => updateTemplate(trx, accountId, id, patch)),
    delete: async (accountId, id) => deleteTemplate(ex.db(), accountId, id),
    versions: async (accountId, id) => listVersions(ex.db(), accountId, id),
  };
}
