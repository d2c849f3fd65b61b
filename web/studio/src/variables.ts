// The variables form, built from the template's schema: text inputs (a select when the values
// are listed), colour pickers, image URL or file upload (sent as a data URL), numbers,
// switches. The schema comes from the API: GET /v1/templates/:id/schema for a stored version
// or a preset, POST /v1/templates/schema for the unsaved source in the editor.
import type { Api } from './api.ts';
import { h } from './dom.ts';
import { onStoredVersion, parseElements, type Doc } from './state.ts';

export interface Variable {
  name: string;
  type: 'text' | 'image' | 'colour' | 'number' | 'boolean';
  default: string | number | boolean | null;
  placeholder: string;
  options?: string[];
  min?: number;
  max?: number;
}

interface Schema {
  variables: Variable[];
  open: boolean;
}

export interface VariablesForm {
  /** Fetches the schema for `doc` and rebuilds the form; false when the source does not compile. */
  load(doc: Doc, signal?: AbortSignal): Promise<boolean>;
  /** The values to render with: only names the schema lists (the API refuses others), none empty. */
  values(doc: Doc): Record<string, unknown>;
}

async function schemaOf(api: Api, doc: Doc, signal?: AbortSignal): Promise<Schema> {
  if (onStoredVersion(doc)) {
    return api.json<Schema>(
      'GET',
      `/v1/templates/${doc.templateId}/schema?version=${doc.version}`,
      undefined,
      signal,
    );
  }
  if (doc.kind === 'preset') {
    return api.json<Schema>(
      'GET',
      `/v1/templates/preset:${encodeURIComponent(doc.source)}/schema`,
      undefined,
      signal,
    );
  }
  const source = doc.kind === 'elements' ? parseElements(doc.source) : doc.source;
  return api.json<Schema>('POST', '/v1/templates/schema', { kind: doc.kind, source }, signal);
}

const isLong = (v: Variable) =>
  /desc|body|quote|subtitle|summary|text/i.test(v.name) ||
  (typeof v.default === 'string' && v.default.length > 60);

export function createVariablesForm(
  api: Api,
  root: HTMLElement,
  onInput: (name: string, value: unknown) => void,
): VariablesForm {
  let schema: Schema = { variables: [], open: false };

  function field(v: Variable, value: unknown): HTMLElement {
    const id = `var-${v.name.replace(/[^\w-]/g, '_')}`;
    const set = (next: unknown) => onInput(v.name, next);
    const placeholder = v.placeholder || (v.default === null ? '' : String(v.default));
    const current = value === undefined || value === null ? '' : String(value);
    let control: HTMLElement;
    switch (v.type) {
      case 'colour': {
        const text = h('input', { id, type: 'text', value: current, placeholder, spellcheck: 'false' });
        const colour = /^#[0-9a-f]{6}$/i.test(current || placeholder) ? current || placeholder : '#000000';
        const picker = h('input', { type: 'color', value: colour, 'aria-label': `${v.name} colour` });
        picker.addEventListener('input', () => {
          text.value = picker.value;
          set(picker.value);
        });
        text.addEventListener('input', () => {
          if (/^#[0-9a-f]{6}$/i.test(text.value)) picker.value = text.value;
          set(text.value);
        });
        control = h('div', { class: 'colour' }, picker, text);
        break;
      }
      case 'image': {
        const url = h('input', {
          id,
          type: 'url',
          value: current.startsWith('data:') ? '' : current,
          placeholder: placeholder || 'https://… or upload',
        });
        const file = h('input', {
          type: 'file',
          accept: 'image/*',
          class: 'file',
          'aria-label': `${v.name} file`,
        });
        const note = h('span', { class: 'muted' }, current.startsWith('data:') ? 'uploaded image' : '');
        url.addEventListener('input', () => {
          note.textContent = '';
          set(url.value);
        });
        file.addEventListener('change', () => {
          const chosen = file.files?.[0];
          if (!chosen) return;
          const reader = new FileReader();
          reader.onload = () => {
            url.value = '';
            note.textContent = `${chosen.name} (${Math.round(chosen.size / 1024)} KB)`;
            set(String(reader.result));
          };
          reader.readAsDataURL(chosen);
        });
        control = h(
          'div',
          { class: 'image' },
          url,
          h('label', { class: 'button small' }, 'Upload', file),
          note,
        );
        break;
      }
      case 'number': {
        const input = h('input', {
          id,
          type: 'number',
          value: current,
          placeholder,
          step: 'any',
          min: v.min,
          max: v.max,
        });
        input.addEventListener('input', () => set(input.value === '' ? '' : Number(input.value)));
        control = input;
        break;
      }
      case 'boolean': {
        const input = h('input', {
          id,
          type: 'checkbox',
          checked: value === true || (value === undefined && v.default === true),
        });
        input.addEventListener('change', () => set(input.checked));
        control = input;
        break;
      }
      default: {
        if (v.options && v.options.length > 0) {
          const select = h(
            'select',
            { id },
            h('option', { value: '' }, `default${v.default === null ? '' : ` (${String(v.default)})`}`),
            v.options.map((o) => h('option', { value: o, selected: o === current }, o)),
          );
          select.addEventListener('change', () => set(select.value));
          control = select;
        } else if (isLong(v)) {
          const area = h('textarea', { id, rows: 3, placeholder });
          area.value = current;
          area.addEventListener('input', () => set(area.value));
          control = area;
        } else {
          const input = h('input', { id, type: 'text', value: current, placeholder });
          input.addEventListener('input', () => set(input.value));
          control = input;
        }
      }
    }
    return h(
      'div',
      { class: `field type-${v.type}`, 'data-var': v.name },
      h('label', { for: id }, h('span', {}, v.name), h('span', { class: 'type' }, v.type)),
      control,
    );
  }

  function build(doc: Doc) {
    if (schema.variables.length === 0) {
      root.replaceChildren(
        h(
          'p',
          { class: 'muted' },
          doc.kind === 'html'
            ? 'No variables yet: write {{name}} in the template and a field appears here.'
            : doc.kind === 'jsx'
              ? 'No variables yet: destructure props with defaults, e.g. function Template({ title = "Hi" }).'
              : 'No variables yet: give a layer a "dynamicKey".',
        ),
      );
      return;
    }
    root.replaceChildren(...schema.variables.map((v) => field(v, doc.variables[v.name])));
  }

  return {
    async load(doc, signal) {
      try {
        schema = await schemaOf(api, doc, signal);
      } catch {
        return false;
      }
      // The form is rebuilt only when the fields changed, so typing in one keeps its focus.
      const shape = JSON.stringify(schema.variables);
      if (root.dataset.shape !== shape) {
        root.dataset.shape = shape;
        build(doc);
      }
      return true;
    },
    values(doc) {
      const known = new Set(schema.variables.map((v) => v.name));
      return Object.fromEntries(
        Object.entries(doc.variables).filter(
          ([name, value]) =>
            (schema.open || known.has(name)) && value !== '' && value !== null && value !== undefined,
        ),
      );
    },
  };
}
