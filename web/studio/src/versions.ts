// Saving and versions: the first save stores the editor's source as a template, every later
// save a new version of it (old versions stay renderable). The list shows each version with
// a thumbnail; opening one loads its source and pins renders, URLs and snippets to it.
import type { Api } from './api.ts';
import { h } from './dom.ts';
import { thumbnail } from './gallery.ts';
import { onStoredVersion, rememberedVariables, type Doc, type Store } from './state.ts';

interface TemplateReply {
  id: string;
  name: string;
  kind: Doc['kind'];
  version: number;
  current_version: number;
  source: string | null;
  width: number | null;
  height: number | null;
}

export interface Versions {
  save(): Promise<void>;
  /** Opens a stored template at `version` (default: its current one). */
  open(id: string, version?: number): Promise<void>;
  refresh(): Promise<void>;
}

export function createVersions(
  api: Api,
  store: Store,
  root: HTMLElement,
  report: (message: string, isError?: boolean) => void,
  onOpened: () => void,
): Versions {
  const sizeFields = (doc: Doc) => ({
    ...(doc.output.width && { width: doc.output.width }),
    ...(doc.output.height && { height: doc.output.height }),
  });

  async function open(id: string, version?: number) {
    const t = await api.json<TemplateReply>(
      'GET',
      `/v1/templates/${id}${version ? `?version=${version}` : ''}`,
    );
    const source = t.source ?? '';
    const current = store.doc;
    store.update({
      name: t.name,
      kind: t.kind,
      source,
      templateId: t.id,
      version: t.version,
      versionSource: source,
      variables: current.templateId === t.id ? current.variables : rememberedVariables(t.id),
      output:
        current.templateId === t.id
          ? current.output
          : { ...current.output, width: t.width, height: t.height },
    });
    onOpened();
    await refresh();
  }

  async function save() {
    const doc = store.doc;
    if (doc.kind === 'preset') {
      report(
        'A preset is built in and cannot be saved; open an HTML, JSX or layer starter to make your own.',
        true,
      );
      return;
    }
    try {
      const saved = doc.templateId
        ? await api.json<TemplateReply>('PATCH', `/v1/templates/${doc.templateId}`, {
            name: doc.name,
            source: doc.source,
            ...sizeFields(doc),
          })
        : await api.json<TemplateReply>('POST', '/v1/templates', {
            name: doc.name || 'Untitled',
            kind: doc.kind,
            source: doc.source,
            ...sizeFields(doc),
          });
      store.update({ templateId: saved.id, version: saved.version, versionSource: doc.source });
      report(`Saved ${saved.name} as version ${saved.version}.`);
      await refresh();
    } catch (error) {
      const code = (error as { code?: string }).code;
      report(`${code ? `${code}: ` : ''}${(error as Error).message}`, true);
    }
  }

  async function refresh() {
    const doc = store.doc;
    if (!doc.templateId) {
      root.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          'Not saved yet. Save to store this template; every later save adds a version.',
        ),
      );
      return;
    }
    const id = doc.templateId;
    const { versions } = await api.json<{ versions: { version: number; created_at: string }[] }>(
      'GET',
      `/v1/templates/${id}/versions`,
    );
    const pinned = onStoredVersion(doc) ? doc.version : null;
    root.replaceChildren(
      h(
        'ol',
        { class: 'versions' },
        versions.map((v) => {
          const img = h('img', { alt: `version ${v.version}` });
          void thumbnail(api, img, { template_id: id, version: v.version, ...sizeFields(doc) });
          const button = h(
            'button',
            { type: 'button', class: 'button small' },
            pinned === v.version ? 'Pinned' : 'Open',
          );
          button.addEventListener('click', () => void open(id, v.version));
          return h(
            'li',
            { class: `tile${pinned === v.version ? ' pinned' : ''}`, 'data-version': v.version },
            h('div', { class: 'thumb' }, img),
            h(
              'div',
              { class: 'caption' },
              h('strong', {}, `Version ${v.version}`),
              h('span', {}, new Date(v.created_at).toLocaleString()),
            ),
            button,
          );
        }),
      ),
    );
  }

  return { save, open, refresh };
}
