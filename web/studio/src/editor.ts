// The source editor: CodeMirror 6 with the language of the template's kind (HTML + Handlebars,
// TSX, the layer document's JSON) in a compartment, so switching kind keeps the editor and its
// undo history. A preset has no source: the editor shows a read-only note instead.
import { basicSetup } from 'codemirror';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { HighlightStyle, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { tags as t } from '@lezer/highlight';
import { handlebarsLanguage } from '@xiechao/codemirror-lang-handlebars';
import type { SourceKind } from './state.ts';

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword], color: '#c792ea' },
  { tag: [t.tagName, t.angleBracket], color: '#7dd3fc' },
  { tag: t.attributeName, color: '#fcd34d' },
  { tag: [t.string, t.attributeValue, t.special(t.string)], color: '#a5e3a0' },
  { tag: [t.number, t.bool, t.null], color: '#fda4af' },
  { tag: [t.propertyName, t.definition(t.propertyName)], color: '#93c5fd' },
  { tag: [t.variableName, t.definition(t.variableName)], color: '#e2e8f0' },
  { tag: [t.function(t.variableName), t.className, t.typeName], color: '#f0abfc' },
  { tag: [t.brace, t.bracket, t.paren, t.punctuation, t.separator], color: '#94a3b8' },
  // Handlebars: {{ }} delimiters and helper names, so the holes in the HTML stand out.
  { tag: [t.processingInstruction, t.meta, t.labelName, t.macroName], color: '#fb923c', fontWeight: '600' },
  { tag: t.comment, color: '#64748b', fontStyle: 'italic' },
  { tag: t.invalid, color: '#f87171' },
]);

const theme = EditorView.theme(
  {
    '&': { height: '100%', backgroundColor: '#0b1120', color: '#e2e8f0', fontSize: '13px' },
    '.cm-scroller': { fontFamily: "'JetBrains Mono', ui-monospace, monospace", lineHeight: '1.6' },
    '.cm-content': { caretColor: '#f8fafc', padding: '12px 0' },
    '.cm-gutters': { backgroundColor: '#0b1120', color: '#475569', border: 'none' },
    '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: '#111a2e' },
    '&.cm-focused .cm-cursor': { borderLeftColor: '#f8fafc' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
      backgroundColor: '#1e3a5f !important',
    },
    '.cm-matchingBracket': { backgroundColor: '#1e3a5f', outline: 'none' },
    '.cm-tooltip': { backgroundColor: '#111a2e', border: '1px solid #1e293b' },
  },
  { dark: true },
);

function languageOf(kind: SourceKind): Extension {
  switch (kind) {
    case 'html':
      return new LanguageSupport(handlebarsLanguage);
    case 'jsx':
      return javascript({ jsx: true, typescript: true });
    case 'elements':
      return json();
    case 'preset':
      return [EditorState.readOnly.of(true), EditorView.editable.of(false)];
  }
}

export interface SourceEditor {
  /** Replaces the text and language without calling onChange (opening another template). */
  load(kind: SourceKind, text: string): void;
  /** Switches the highlighting only (the user picked another kind for the same text). */
  setKind(kind: SourceKind): void;
  text(): string;
}

export function createEditor(parent: HTMLElement, onChange: (text: string) => void): SourceEditor {
  const language = new Compartment();
  let quiet = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        basicSetup,
        // CodeMirror adds its stylesheet as a <style> element; the page's CSP admits it by nonce.
        EditorView.cspNonce.of(
          document.querySelector<HTMLMetaElement>('meta[name=csp-nonce]')?.content ?? '',
        ),
        theme,
        syntaxHighlighting(highlight),
        language.of(languageOf('html')),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'Template source' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !quiet) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    load(kind, text) {
      quiet = true;
      try {
        view.dispatch({
          changes: { from: 0, to: view.state.doc.length, insert: text },
          effects: language.reconfigure(languageOf(kind)),
        });
      } finally {
        quiet = false;
      }
    },
    setKind: (kind) => view.dispatch({ effects: language.reconfigure(languageOf(kind)) }),
    text: () => view.state.doc.toString(),
  };
}

/** The note a preset shows in place of a source. */
export function presetNote(name: string): string {
  return [
    `// "${name}" is a built-in preset: Placard draws it from fields, so there is no code to edit.`,
    '//',
    '// Change its title, description, colours, font and layout in Variables; the preview',
    '// follows. "Use it" gives the request and a signed URL for this preset.',
    '//',
    '// To write your own markup, open an HTML, JSX or layer starter from the gallery.',
    '',
  ].join('\n');
}
