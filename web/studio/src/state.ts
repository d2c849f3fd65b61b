// The document the Studio is working on, one store every panel reads and changes. It is kept in
// local storage so a reload comes back to the same work.
export type SourceKind = 'html' | 'jsx' | 'elements' | 'preset';
export const formats = ['png', 'jpeg', 'webp', 'avif', 'pdf'] as const;
export const engines = ['auto', 'native', 'chromium'] as const;
export type Format = (typeof formats)[number];
export type Engine = (typeof engines)[number];

export interface Output {
  /** Empty: the template's own size. */
  width: number | null;
  height: number | null;
  scale: number;
  format: Format;
  engine: Engine;
}

export interface Doc {
  name: string;
  kind: SourceKind;
  /** The template text; for a preset, its name. */
  source: string;
  /** Set once saved as a stored template. */
  templateId: string | null;
  /** The stored version whose source the editor holds, while the text is unchanged. */
  version: number | null;
  /** The source of `version`: the editor text differs from it once the user types. */
  versionSource: string | null;
  variables: Record<string, unknown>;
  output: Output;
}

export type Change = keyof Doc;
type Listener = (doc: Doc, changed: ReadonlySet<Change>) => void;

const STORAGE_KEY = 'placard.studio.doc';
const VARIABLES_KEY = 'placard.studio.variables.';

/** The values last used with a stored template in this browser (the API keeps none). */
export function rememberedVariables(templateId: string): Record<string, unknown> {
  try {
    return JSON.parse(localStorage.getItem(`${VARIABLES_KEY}${templateId}`) ?? '{}') as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

export function blankOutput(): Output {
  return { width: null, height: null, scale: 1, format: 'png', engine: 'auto' };
}

export class Store {
  private listeners: Listener[] = [];
  constructor(private current: Doc) {}

  get doc(): Doc {
    return this.current;
  }

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  update(patch: Partial<Doc>): void {
    const changed = new Set(Object.keys(patch) as Change[]);
    this.current = { ...this.current, ...patch };
    this.save();
    for (const listener of this.listeners) listener(this.current, changed);
  }

  private save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.current));
      const { templateId, variables } = this.current;
      if (templateId) localStorage.setItem(`${VARIABLES_KEY}${templateId}`, JSON.stringify(variables));
    } catch {
      // Over the storage quota (a large uploaded image): the work is just not kept across reloads.
    }
  }

  static restore(fallback: () => Doc): Store {
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      if (saved) return new Store({ ...fallback(), ...(JSON.parse(saved) as Partial<Doc>) });
    } catch {
      // Unreadable: start fresh.
    }
    return new Store(fallback());
  }
}

/** True while the editor holds exactly a stored version: renders and URLs may name it by id. */
export const onStoredVersion = (doc: Doc): boolean =>
  doc.templateId !== null && doc.version !== null && doc.source === doc.versionSource;

/** The template part of a render body: the stored version when unchanged, else the source inline. */
export function templateFields(doc: Doc): Record<string, unknown> {
  if (onStoredVersion(doc)) return { template_id: doc.templateId, version: doc.version };
  switch (doc.kind) {
    case 'preset':
      return { preset: doc.source };
    case 'elements':
      return { elements: parseElements(doc.source) };
    default:
      return { [doc.kind]: doc.source };
  }
}

/** A layer document that is not JSON is reported like the server would, before any request. */
export function parseElements(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    throw Object.assign(new Error(`The layer document is not JSON: ${(error as Error).message}`), {
      code: 'INVALID_JSON',
    });
  }
}

/** Size, scale, format and engine as render fields (unset ones left to the template). */
export function outputFields(output: Output, withEngine = true): Record<string, unknown> {
  const fields: Record<string, unknown> = { scale: output.scale, format: output.format };
  if (output.width) fields.width = output.width;
  if (output.height) fields.height = output.height;
  if (withEngine && output.engine !== 'auto') fields.engine = output.engine;
  return fields;
}
