// Stored templates as a service: create, read, list, change (a new version each time), delete,
// each scoped to an account and validated and compiled by kind when saved. The native routes
// and every compat dialect manage templates through here, never through the database.
import { PlacardError } from '../errors/placard-error.ts';
import type {
  Database,
  Template,
  TemplateKind,
  TemplateOptions,
  TemplatePage,
  TemplateVersionSummary,
} from '../storage/db/index.ts';
import type { HtmlCompiler } from './html/compile.ts';
import { presets } from './presets/index.ts';
import { compileForSave } from './save.ts';
import type { VariableSchema } from './types.ts';

/** Built-in presets read as templates with this id prefix: `preset:social-card`. */
export const PRESET_PREFIX = 'preset:';

export interface NewTemplateInput {
  name: string;
  description?: string;
  kind: TemplateKind;
  /** Text, or an elements document as an object. */
  source: unknown;
  /** Over the defaults the source declares (JSX `options`, an elements document's size). */
  options?: TemplateOptions;
}

export interface TemplateChange {
  name?: string;
  description?: string;
  source?: unknown;
  options?: TemplateOptions;
}

export interface TemplateService {
  create(accountId: string, input: NewTemplateInput): Promise<Template>;
  /** Throws TEMPLATE_NOT_FOUND for a missing, deleted or other account's template. */
  get(accountId: string, id: string, version?: number): Promise<Template>;
  list(accountId: string, page?: { limit?: number; cursor?: string | null }): Promise<TemplatePage>;
  update(accountId: string, id: string, change: TemplateChange): Promise<Template>;
  delete(accountId: string, id: string): Promise<void>;
  /** Newest first. */
  versions(accountId: string, id: string): Promise<TemplateVersionSummary[]>;
  schemaOf(template: Template): VariableSchema;
  /** The newest template of the account with exactly this name (OG Engine's custom:<name>). */
  findByName(accountId: string, name: string): Promise<Template>;
  isPreset(id: string): boolean;
}

export const templateNotFound = (id: string, version?: number) =>
  new PlacardError(
    'TEMPLATE_NOT_FOUND',
    `No template ${JSON.stringify(id)}${version ? ` at version ${version}` : ''} in this account.`,
  );

export function createTemplateService(deps: {
  db: Database;
  html: HtmlCompiler;
  maxTemplateBytes: number;
}): TemplateService {
  const { db } = deps;

  function checkSize(source: unknown): void {
    const bytes = Buffer.byteLength(typeof source === 'string' ? source : JSON.stringify(source));
    if (bytes > deps.maxTemplateBytes) {
      throw new PlacardError(
        'VALIDATION_FAILED',
        `source is ${bytes} bytes; allowed: at most ${deps.maxTemplateBytes} bytes; received: ${bytes} bytes`,
        { details: { field: 'source', allowed: deps.maxTemplateBytes, received: bytes } },
      );
    }
  }

  const readOnly = (id: string) =>
    new PlacardError(
      'FORBIDDEN',
      `${id} is a built-in starter template and cannot be changed; create your own from it instead.`,
    );
  const isPreset = (id: string) => id.startsWith(PRESET_PREFIX);

  async function get(accountId: string, id: string, version?: number): Promise<Template> {
    const template = await db.templates.get(accountId, id, version);
    if (!template) throw templateNotFound(id, version);
    return template;
  }

  return {
    isPreset,
    get,
    list: (accountId, page) => db.templates.list(accountId, page),
    schemaOf: (template) => template.schema as unknown as VariableSchema,

    async create(accountId, input) {
      checkSize(input.source);
      const saved = await compileForSave(input.kind, input.source, deps.html);
      return db.templates.create({
        accountId,
        name: input.name,
        description: input.description ?? '',
        kind: input.kind,
        source: saved.source,
        compiled: saved.compiled,
        schema: saved.schema as never,
        options: { ...saved.options, ...input.options },
      });
    },

    async update(accountId, id, change) {
      if (isPreset(id)) throw readOnly(id);
      const current = await get(accountId, id);
      let content = {};
      let declared = current.options;
      if (change.source !== undefined) {
        checkSize(change.source);
        const saved = await compileForSave(current.kind, change.source, deps.html);
        content = { source: saved.source, compiled: saved.compiled, schema: saved.schema as never };
        declared = { ...current.options, ...saved.options };
      }
      const optionsChanged = change.options !== undefined || change.source !== undefined;
      const updated = await db.templates.update(accountId, id, {
        ...(change.name !== undefined && { name: change.name }),
        ...(change.description !== undefined && { description: change.description }),
        ...content,
        ...(optionsChanged && { options: { ...declared, ...change.options } }),
      });
      if (!updated) throw templateNotFound(id);
      return updated;
    },

    async findByName(accountId, name) {
      // Names are not unique keys; the newest wins. Pages are walked: accounts hold few templates.
      let cursor: string | null = null;
      do {
        const page = await db.templates.list(accountId, { limit: 100, cursor });
        const found = page.items.find((t) => t.name === name);
        if (found) return get(accountId, found.id);
        cursor = page.nextCursor;
      } while (cursor);
      throw new PlacardError(
        'TEMPLATE_NOT_FOUND',
        `No template named ${JSON.stringify(name)} in this account.`,
      );
    },

    async versions(accountId, id) {
      const versions = await db.templates.versions(accountId, id);
      if (!versions) throw templateNotFound(id);
      return versions;
    },

    async delete(accountId, id) {
      if (isPreset(id)) throw readOnly(id);
      if (!(await db.templates.delete(accountId, id))) throw templateNotFound(id);
    },
  };
}

/** The preset a `preset:<name>` id names, or TEMPLATE_NOT_FOUND. */
export function presetNamed(id: string): string {
  const name = id.slice(PRESET_PREFIX.length);
  if (!presets[name]) throw templateNotFound(id);
  return name;
}
