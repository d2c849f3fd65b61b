// The gallery: the Studio's starters (one per source kind), the API's built-in presets and the
// account's own templates, each as a thumbnail drawn by the API. A starter or preset opens as
// an unsaved copy; one of your templates opens itself, at its current version.
import type { Api } from './api.ts';
import { h } from './dom.ts';
import { starters, type Starter } from './starters.ts';

interface Summary {
  id: string;
  name: string;
  kind: string;
  description: string;
  version: number;
  read_only: boolean;
  width: number | null;
  height: number | null;
}

export type Pick =
  | { from: 'starter'; starter: Starter }
  | { from: 'preset'; name: string; title: string; width: number; height: number }
  | { from: 'mine'; id: string };

export interface Gallery {
  open(): void;
  close(): void;
}

// Thumbnails are drawn two at a time: a gallery of a dozen tiles must not crowd out the
// preview, nor trip the server's admission limit.
let running = 0;
const queued: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => queued.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queued.shift()?.();
  }
}

/** Draws a small JPEG of `body` and puts it in `img`; a failure says why on the tile. */
export async function thumbnail(
  api: Api,
  img: HTMLImageElement,
  body: Record<string, unknown>,
): Promise<void> {
  const tile = img.closest('.tile') ?? img.parentElement;
  try {
    const res = await slot(() => api.render({ format: 'jpeg', quality: 70, ...body }));
    img.src = URL.createObjectURL(await res.blob());
    tile?.classList.add('drawn');
  } catch (error) {
    img.hidden = true;
    tile?.classList.add('failed');
    tile?.setAttribute('title', (error as Error).message);
  }
}

/** Sample text for a preset's thumbnail and first preview: a preset with no title draws none. */
export const presetSample = {
  title: 'Launch week: ship a card in one request',
  description: 'Templates plus variables in, images out — in about ten milliseconds.',
  author: 'Placard',
  tag: 'Announcement',
};

export function createGallery(api: Api, dialog: HTMLDialogElement, onPick: (pick: Pick) => void): Gallery {
  const grid = (title: string, note: string, tiles: HTMLElement[]) =>
    h(
      'section',
      {},
      h('h3', {}, title, h('span', { class: 'muted' }, note)),
      h('div', { class: 'tiles' }, tiles),
    );

  function tile(label: string, sub: string, pick: Pick, body: Record<string, unknown>, testId: string) {
    const img = h('img', { alt: `${label} thumbnail` });
    const thumb = h('div', { class: 'thumb' }, img);
    const button = h(
      'button',
      { class: 'tile', type: 'button', 'data-tile': testId },
      thumb,
      h('div', { class: 'caption' }, h('strong', {}, label), h('span', {}, sub)),
    );
    button.addEventListener('click', () => {
      dialog.close();
      onPick(pick);
    });
    void thumbnail(api, img, body);
    return button;
  }

  async function fill() {
    const starterTiles = starters.map((s) =>
      tile(
        s.name,
        s.kind === 'elements' ? 'layers' : s.kind,
        { from: 'starter', starter: s },
        {
          [s.kind]: s.kind === 'elements' ? JSON.parse(s.source) : s.source,
          variables: s.variables,
        },
        s.id,
      ),
    );
    const body = h(
      'div',
      { class: 'gallery-body' },
      grid('Starters', 'open a copy and edit its code', starterTiles),
    );
    dialog.querySelector('.gallery-body')?.replaceWith(body);
    try {
      const [builtIn, mine] = await Promise.all([
        api.json<{ templates: Summary[] }>('GET', '/v1/templates?scope=starter'),
        api.json<{ templates: Summary[] }>('GET', '/v1/templates?scope=mine&limit=50'),
      ]);
      body.append(
        grid(
          'Presets',
          'built-in cards driven by fields',
          builtIn.templates.map((t) => {
            const name = t.id.replace(/^preset:/, '');
            const width = t.width ?? 1200;
            const height = t.height ?? 630;
            return tile(
              t.name,
              'preset',
              { from: 'preset', name, title: t.name, width, height },
              { preset: name, variables: presetSample },
              t.id,
            );
          }),
        ),
        grid(
          'Your templates',
          mine.templates.length === 0 ? 'none saved yet' : 'open to edit, version and ship',
          mine.templates.map((t) =>
            tile(
              t.name,
              `${t.kind} · v${t.version}`,
              { from: 'mine', id: t.id },
              { template_id: t.id },
              t.id,
            ),
          ),
        ),
      );
    } catch (error) {
      body.append(h('p', { class: 'error-text' }, `Could not list templates: ${(error as Error).message}`));
    }
  }

  dialog.addEventListener('click', (event) => {
    // A click on the backdrop (the dialog itself, outside its panel) closes it.
    if (event.target === dialog) dialog.close();
  });
  return {
    open() {
      dialog.showModal();
      void fill();
    },
    close: () => dialog.close(),
  };
}
