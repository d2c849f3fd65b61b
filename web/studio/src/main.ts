// The Studio page: wires the editor, preview, variables form, gallery, versions and "Use it"
// panels to one document store. Every change flows the same way: the store changes, the
// schema is fetched again when the source changed, then the preview and snippets follow.
import { createApi } from './api.ts';
import { byId, debounce } from './dom.ts';
import { createEditor, presetNote } from './editor.ts';
import { createGallery, presetSample, type Pick } from './gallery.ts';
import { createKeyControl } from './key-dialog.ts';
import { createPreview } from './preview.ts';
import { starters } from './starters.ts';
import { blankOutput, engines, formats, Store, type Doc, type SourceKind } from './state.ts';
import { createUseIt } from './use-it.ts';
import { createVariablesForm } from './variables.ts';
import { createVersions } from './versions.ts';

const kindHints: Record<SourceKind, string> = {
  html: '{{name}} is escaped, {{{name}}} raw; <style> works.',
  jsx: 'export default function Template(props); runs sandboxed.',
  elements: 'Layers with a "dynamicKey" become variables.',
  preset: 'Built in: edit its fields under Variables.',
};

function starterDoc(): Doc {
  const s = starters[0]!;
  return {
    name: s.name,
    kind: s.kind,
    source: s.source,
    templateId: null,
    version: null,
    versionSource: null,
    variables: { ...s.variables },
    output: { ...blankOutput(), width: s.width, height: s.height },
  };
}

async function main() {
  const key = createKeyControl();
  const api = createApi(key.get, () => key.ask('That key was refused (401). Enter a working key.'));
  const store = Store.restore(starterDoc);

  const note = byId('save-note');
  const report = (message: string, isError = false) => {
    note.textContent = message;
    note.classList.toggle('error-text', isError);
  };

  const editor = createEditor(byId('editor'), (text) => store.update({ source: text }));
  const preview = createPreview(api, {
    root: byId('preview'),
    image: byId<HTMLImageElement>('preview-image'),
    error: byId('preview-error'),
    meta: byId('preview-meta'),
    fit: byId('fit'),
  });
  const variablesRoot = byId('variables');
  const variables = createVariablesForm(api, variablesRoot, (name, value) =>
    store.update({ variables: { ...store.doc.variables, [name]: value } }),
  );
  const useIt = createUseIt(api, byId('use-it'));
  const versions = createVersions(api, store, byId('versions'), report, () => loadIntoEditor());

  // The output pickers.
  const width = byId<HTMLInputElement>('out-width');
  const height = byId<HTMLInputElement>('out-height');
  const scale = byId<HTMLSelectElement>('out-scale');
  const format = byId<HTMLSelectElement>('out-format');
  const engine = byId<HTMLSelectElement>('out-engine');
  format.append(...formats.map((f) => new Option(f.toUpperCase(), f)));
  engine.append(...engines.map((e) => new Option(e, e)));
  const showOutput = () => {
    const o = store.doc.output;
    width.value = o.width ? String(o.width) : '';
    height.value = o.height ? String(o.height) : '';
    scale.value = String(o.scale);
    format.value = o.format;
    engine.value = o.engine;
  };
  const readOutput = () => {
    const size = (input: HTMLInputElement) => {
      const n = Number(input.value);
      return input.value && Number.isInteger(n) && n >= 1 && n <= 4096 ? n : null;
    };
    store.update({
      output: {
        width: size(width),
        height: size(height),
        scale: Number(scale.value),
        format: format.value as Doc['output']['format'],
        engine: engine.value as Doc['output']['engine'],
      },
    });
  };
  byId('output').addEventListener('input', readOutput);
  byId('output').addEventListener('submit', (event) => event.preventDefault());

  // Name, kind, status.
  const name = byId<HTMLInputElement>('doc-name');
  const kind = byId<HTMLSelectElement>('kind');
  const saveButton = byId<HTMLButtonElement>('save');
  name.addEventListener('input', () => store.update({ name: name.value }));
  kind.addEventListener('change', () => {
    editor.setKind(kind.value as SourceKind);
    store.update({ kind: kind.value as SourceKind });
  });
  const showStatus = () => {
    const doc = store.doc;
    const status = byId('doc-status');
    const changed = doc.source !== doc.versionSource;
    status.textContent = doc.templateId
      ? `${doc.kind} · v${doc.version ?? '?'}${changed ? ' · unsaved changes' : ''}`
      : doc.kind === 'preset'
        ? 'preset · built in'
        : `${doc.kind} · not saved`;
    // A rename alone waits for the next version: every save of a stored template is a version.
    saveButton.disabled = doc.kind === 'preset' || (doc.templateId !== null && !changed);
    saveButton.textContent = doc.templateId ? 'Save new version' : 'Save template';
    saveButton.title = doc.kind === 'preset' ? 'Presets are built in; open a starter to make your own' : '';
    kind.value = doc.kind;
    kind.disabled = doc.kind === 'preset' || doc.templateId !== null;
    byId('kind-hint').textContent = kindHints[doc.kind];
  };

  function loadIntoEditor() {
    const doc = store.doc;
    editor.load(doc.kind, doc.kind === 'preset' ? presetNote(doc.source) : doc.source);
    name.value = doc.name;
    showOutput();
    // A new document: its fields are rebuilt even if they look like the last one's.
    delete variablesRoot.dataset.shape;
  }

  // The flow: a source change re-reads the schema (debounced with typing); every change then
  // re-renders. The schema call is aborted when a newer one starts.
  let schemaCall: AbortController | undefined;
  const refresh = async (sourceChanged: boolean) => {
    if (sourceChanged) {
      schemaCall?.abort();
      const call = new AbortController();
      schemaCall = call;
      await variables.load(store.doc, call.signal);
      if (call.signal.aborted) return;
    }
    const doc = store.doc;
    const values = variables.values(doc);
    preview.schedule(doc, values);
    useIt.update(doc, values);
  };
  const refreshSource = debounce(() => void refresh(true), 200);
  store.on((_doc, changed) => {
    showStatus();
    if (changed.has('source') || changed.has('kind') || changed.has('version')) refreshSource();
    else if (changed.has('variables') || changed.has('output')) void refresh(false);
  });

  function openPick(pick: Pick) {
    if (pick.from === 'mine') {
      void versions.open(pick.id).then(() => selectTab('variables'));
      return;
    }
    const base = { templateId: null, version: null, versionSource: null };
    if (pick.from === 'starter') {
      const s = pick.starter;
      store.update({
        ...base,
        name: `${s.name} copy`,
        kind: s.kind,
        source: s.source,
        variables: { ...s.variables },
        output: { ...store.doc.output, width: s.width, height: s.height },
      });
    } else {
      store.update({
        ...base,
        name: pick.title,
        kind: 'preset',
        source: pick.name,
        variables: { ...presetSample },
        output: { ...store.doc.output, width: pick.width, height: pick.height },
      });
    }
    loadIntoEditor();
    selectTab('variables');
  }

  const gallery = createGallery(api, byId<HTMLDialogElement>('gallery'), openPick);
  byId('open-gallery').addEventListener('click', () => gallery.open());
  byId('close-gallery').addEventListener('click', () => gallery.close());
  saveButton.addEventListener('click', () => void versions.save());
  byId('key-button').addEventListener('click', () => key.ask());

  // Tabs.
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[data-tab]')];
  function selectTab(which: string) {
    for (const tab of tabs) {
      const on = tab.dataset.tab === which;
      tab.setAttribute('aria-selected', String(on));
      byId(`tab-${tab.dataset.tab}`).hidden = !on;
    }
    if (which === 'versions') void versions.refresh().catch(() => undefined);
  }
  for (const tab of tabs) tab.addEventListener('click', () => selectTab(tab.dataset.tab!));

  loadIntoEditor();
  showStatus();
  await key.ready();
  document.addEventListener('studio:key', () => void refresh(true));
  await refresh(true);
  void versions.refresh().catch(() => undefined);
}

void main();
