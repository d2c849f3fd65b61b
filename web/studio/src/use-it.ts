// "Use it": what a person pastes into their own code to get this image — a curl command, a
// TypeScript snippet and a signed public URL (POST /v1/urls) for an og:image tag, each with a
// copy button. Stored templates and presets are named by id; an unsaved source goes inline.
import { ApiError, type Api } from './api.ts';
import { copyText, h } from './dom.ts';
import { onStoredVersion, outputFields, templateFields, type Doc } from './state.ts';

/** Quotes `text` for a POSIX shell: one single-quoted word. */
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function requestBody(doc: Doc, variables: Record<string, unknown>): Record<string, unknown> {
  let template: Record<string, unknown>;
  try {
    template = templateFields(doc);
  } catch {
    template = { elements: '…fix the JSON first…' };
  }
  return { ...template, variables, ...outputFields(doc.output) };
}

/** The id a signed URL can name, or null while the source is unsaved or changed. */
function signableId(doc: Doc): { template_id: string; version?: number } | null {
  if (onStoredVersion(doc)) return { template_id: doc.templateId!, version: doc.version! };
  if (doc.kind === 'preset') return { template_id: `preset:${doc.source}` };
  return null;
}

export interface UseIt {
  update(doc: Doc, variables: Record<string, unknown>): void;
}

export function createUseIt(api: Api, root: HTMLElement): UseIt {
  const origin = location.origin;
  const block = (title: string, id: string, note: string) => {
    const code = h('pre', { id }, h('code', {}, ''));
    const copy = h('button', { type: 'button', class: 'button small', 'data-copy': id }, 'Copy');
    copy.addEventListener('click', () => void copyText(copy, code.textContent ?? ''));
    root.append(
      h(
        'section',
        { class: 'snippet' },
        h('header', {}, h('h4', {}, title), copy),
        h('p', { class: 'muted' }, note),
        code,
      ),
    );
    return code;
  };

  const curl = block('curl', 'use-curl', 'Renders the image with your key ($API_KEY).');
  const ts = block('TypeScript', 'use-ts', 'An ES module for Node 18+ (.ts or .mjs).');
  const mintRow = h('div', { class: 'mint' });
  root.append(mintRow);
  const meta = block('og:image', 'use-meta', 'A signed, expiring public URL: no key needed to fetch it.');

  let current: { doc: Doc; variables: Record<string, unknown> } | undefined;

  async function mint(expires: number) {
    if (!current) return;
    const target = signableId(current.doc);
    if (!target) return;
    meta.textContent = 'Minting…';
    try {
      const minted = await api.json<{ url: string; expires_at: number }>('POST', '/v1/urls', {
        ...target,
        variables: current.variables,
        ...outputFields(current.doc.output, false),
        expires_in: expires,
      });
      meta.dataset.url = minted.url;
      const copyUrl = h('button', { type: 'button', class: 'button small', id: 'copy-url' }, 'Copy URL');
      copyUrl.addEventListener('click', () => void copyText(copyUrl, minted.url));
      mintRow.querySelector('#copy-url')?.remove();
      mintRow.append(copyUrl);
      meta.textContent = `<meta property="og:image" content="${minted.url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" />`;
    } catch (error) {
      const code = error instanceof ApiError ? `${error.code}: ` : '';
      meta.textContent = `${code}${(error as Error).message}`;
    }
  }

  return {
    update(doc, variables) {
      current = { doc, variables };
      const body = JSON.stringify(requestBody(doc, variables), null, 2);
      const ext = doc.output.format === 'jpeg' ? 'jpg' : doc.output.format;
      curl.textContent = [
        `curl -X POST ${origin}/v1/render \\`,
        '  -H "Authorization: Bearer $API_KEY" \\',
        '  -H "Content-Type: application/json" \\',
        `  -d ${shellQuote(body)} \\`,
        `  -o card.${ext}`,
      ].join('\n');
      ts.textContent = [
        'import { writeFile } from "node:fs/promises";',
        '',
        `const res = await fetch("${origin}/v1/render", {`,
        '  method: "POST",',
        '  headers: { Authorization: `Bearer ${process.env.API_KEY}`, "Content-Type": "application/json" },',
        `  body: JSON.stringify(${body.replace(/\n/g, '\n  ')}),`,
        '});',
        'if (!res.ok) throw new Error((await res.json()).error.message);',
        `await writeFile("card.${ext}", Buffer.from(await res.arrayBuffer()));`,
      ].join('\n');

      const target = signableId(doc);
      delete meta.dataset.url;
      if (!target) {
        mintRow.replaceChildren(h('p', { class: 'muted' }, 'Save the template to mint a public URL for it.'));
        meta.textContent = '';
        return;
      }
      const expiry = h(
        'select',
        { 'aria-label': 'URL lifetime' },
        h('option', { value: '86400' }, '1 day'),
        h('option', { value: '2592000', selected: true }, '30 days'),
        h('option', { value: '31536000' }, '1 year'),
      );
      const button = h(
        'button',
        { type: 'button', class: 'button primary small', id: 'mint-url' },
        'Mint signed URL',
      );
      button.addEventListener('click', () => void mint(Number(expiry.value)));
      const which = target.version ? `${doc.name} v${target.version}` : target.template_id;
      mintRow.replaceChildren(
        button,
        expiry,
        h('span', { class: 'muted' }, `for ${which} with these variables`),
      );
      meta.textContent = '';
    },
  };
}
