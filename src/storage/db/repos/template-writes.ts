// Writing templates. Every change makes a new version row, and versions never collide or get
// lost under concurrent writers: the first statement of an update is
//   UPDATE templates SET current_version = current_version + 1 ... RETURNING
// which takes the row's write lock until commit (PostgreSQL row lock; on SQLite the
// transaction already holds the file's write lock, begun IMMEDIATE). A second writer waits,
// then increments the committed value, and copies from the version the first one wrote.
// The (template_id, version) primary key backs this up: a duplicate could never commit.
import { describeValue, PlacardError } from '../../../errors/placard-error.ts';
import { newId, now } from '../ids.ts';
import { toTemplate } from '../rows.ts';
import type { Db, TemplatesTable, TemplateVersionsTable } from '../schema.ts';
import {
  TEMPLATE_DESCRIPTION_MAX,
  TEMPLATE_NAME_MAX,
  templateKinds,
  type NewTemplate,
  type Template,
  type TemplatePatch,
} from '../types.ts';

/** Storage's own guard; the HTTP layer validates first and with the request's field names. */
function validate(input: { name?: string; description?: string; kind?: string }): void {
  const problems: string[] = [];
  if (input.name !== undefined && input.name.length > TEMPLATE_NAME_MAX) {
    problems.push(`name must be at most ${TEMPLATE_NAME_MAX} characters, received ${input.name.length}`);
  }
  if (input.description !== undefined && input.description.length > TEMPLATE_DESCRIPTION_MAX) {
    problems.push(
      `description must be at most ${TEMPLATE_DESCRIPTION_MAX} characters, received ${input.description.length}`,
    );
  }
  if (input.kind !== undefined && !(templateKinds as readonly string[]).includes(input.kind)) {
    problems.push(`kind must be one of ${templateKinds.join(', ')}, received ${describeValue(input.kind)}`);
  }
  if (problems.length > 0) throw new PlacardError('VALIDATION_FAILED', problems.join('; '));
}

export async function createTemplate(trx: Db, input: NewTemplate): Promise<Template> {
  validate(input);
  const at = now();
  const template: TemplatesTable = {
    id: newId('tpl'),
    account_id: input.accountId,
    name: input.name,
    description: input.description,
    kind: input.kind,
    current_version: 1,
    created_at: at,
    updated_at: at,
    deleted_at: null,
  };
  const version: TemplateVersionsTable = {
    template_id: template.id,
    version: 1,
    source: input.source,
    compiled: input.compiled,
    schema: JSON.stringify(input.schema),
    options: JSON.stringify(input.options),
    created_at: at,
  };
  await trx.insertInto('templates').values(template).execute();
  await trx.insertInto('template_versions').values(version).execute();
  return toTemplate(template, version);
}

/** Must run inside a transaction: the row lock taken by the first statement lasts until commit. */
export async function updateTemplate(
  trx: Db,
  accountId: string,
  id: string,
  patch: TemplatePatch,
): Promise<Template | undefined> {
  validate(patch);
  const at = now();
  const bumped = await trx
    .updateTable('templates')
    .set((eb) => ({
      current_version: eb('current_version', '+', 1),
      updated_at: at,
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.description !== undefined && { description: patch.description }),
    }))
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  if (!bumped) return undefined;

  const previous = await trx
    .selectFrom('template_versions')
    .selectAll()
    .where('template_id', '=', id)
    .where('version', '=', bumped.current_version - 1)
    .executeTakeFirstOrThrow();
  const version: TemplateVersionsTable = {
    template_id: id,
    version: bumped.current_version,
    source: patch.source ?? previous.source,
    // Build output belongs to one source: new source without new output means none yet.
    compiled:
      patch.compiled !== undefined ? patch.compiled : patch.source !== undefined ? null : previous.compiled,
    schema: patch.schema !== undefined ? JSON.stringify(patch.schema) : previous.schema,
    options: patch.options !== undefined ? JSON.stringify(patch.options) : previous.options,
    created_at: at,
  };
  await trx.insertInto('template_versions').values(version).execute();
  return toTemplate(bumped, version);
}

export async function deleteTemplate(db: Db, accountId: string, id: string): Promise<boolean> {
  const result = await db
    .updateTable('templates')
    .set({ deleted_at: now() })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
