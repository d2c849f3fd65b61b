// The live preview: every change re-renders through POST /v1/render after a short pause. Each
// run gets a number; a reply for an older run than the newest is dropped (and its request
// aborted), so a slow early render never replaces a newer one. The last error stays on screen
// with its code and message over the last good image. Under the image: the engine that drew
// it, render time, cache outcome, size, and the /v1/validate text-fit report.
import { ApiError, type Api } from './api.ts';
import { h } from './dom.ts';
import { outputFields, templateFields, type Doc } from './state.ts';

export interface PreviewElements {
  root: HTMLElement;
  image: HTMLImageElement;
  error: HTMLElement;
  meta: HTMLElement;
  fit: HTMLElement;
}

export interface Preview {
  /** Renders `doc` with `variables` after the debounce; newer calls win. */
  schedule(doc: Doc, variables: Record<string, unknown>): void;
}

const DEBOUNCE_MS = 250;

interface FitReply {
  fits: boolean;
  elements: { name: string; lines: number; max_lines: number | null; overflow: boolean }[];
  unplaced: string[];
}

export function createPreview(api: Api, el: PreviewElements): Preview {
  let run = 0;
  let inflight: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let imageUrl: string | undefined;

  const setState = (state: 'pending' | 'loading' | 'ready' | 'error') => {
    el.root.dataset.state = state;
    el.root.dataset.run = String(run);
  };

  function showError(error: unknown) {
    const code = error instanceof ApiError ? error.code : ((error as { code?: string }).code ?? 'ERROR');
    const message = error instanceof Error ? error.message : String(error);
    el.error.replaceChildren(h('span', { class: 'code' }, code), h('span', { class: 'message' }, message));
    el.error.hidden = false;
    setState('error');
  }

  function showMeta(res: Response, bytes: number) {
    const header = (name: string) => res.headers.get(name) ?? '–';
    const cache = header('x-cache');
    el.meta.replaceChildren(
      h('span', { class: 'chip', 'data-meta': 'engine' }, `engine ${header('x-engine')}`),
      h(
        'span',
        { class: 'chip', 'data-meta': 'time' },
        // A cache hit answers at once; the time is the one it took when it was drawn.
        cache === 'HIT' ? `drawn in ${header('x-render-ms')} ms` : `render ${header('x-render-ms')} ms`,
      ),
      h('span', { class: `chip cache-${cache.toLowerCase()}`, 'data-meta': 'cache' }, `cache ${cache}`),
      h('span', { class: 'chip' }, `${header('x-image-width')} × ${header('x-image-height')}`),
      h('span', { class: 'chip' }, `${(bytes / 1024).toFixed(1)} KB`),
    );
    const warning = res.headers.get('x-engine-warning') ?? res.headers.get('x-font-fallback');
    if (warning) el.meta.append(h('span', { class: 'chip warn', title: warning }, warning));
  }

  function showFit(report: FitReply | null) {
    if (!report || (report.elements.length === 0 && report.unplaced.length === 0)) {
      el.fit.replaceChildren(
        h('p', { class: 'muted' }, 'Mark text with data-fit="name" to see how many lines it takes.'),
      );
      return;
    }
    const rows = report.elements.map((e) =>
      h(
        'tr',
        { class: e.overflow ? 'overflow' : '' },
        h('td', {}, e.name),
        h('td', {}, String(e.lines)),
        h('td', {}, e.max_lines === null ? '–' : String(e.max_lines)),
        h(
          'td',
          {},
          h('span', { class: `badge ${e.overflow ? 'bad' : 'good'}` }, e.overflow ? 'overflows' : 'fits'),
        ),
      ),
    );
    el.fit.replaceChildren(
      h(
        'table',
        { class: 'fit' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', {}, 'text'), h('th', {}, 'lines'), h('th', {}, 'max'), h('th', {}, '')),
        ),
        h('tbody', {}, rows),
      ),
      ...(report.unplaced.length > 0
        ? [h('p', { class: 'muted' }, `Without a box of their own: ${report.unplaced.join(', ')}`)]
        : []),
    );
  }

  async function render(doc: Doc, variables: Record<string, unknown>) {
    const mine = ++run;
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    setState('loading');
    let body: Record<string, unknown>;
    try {
      body = { ...templateFields(doc), variables, ...outputFields(doc.output) };
    } catch (error) {
      showError(error);
      return;
    }
    try {
      const res = await api.render(body, controller.signal);
      const blob = await res.blob();
      if (mine !== run) return;
      if (imageUrl) URL.revokeObjectURL(imageUrl);
      imageUrl = URL.createObjectURL(blob);
      if (doc.output.format === 'pdf') {
        el.image.hidden = true;
        el.error.replaceChildren(
          h('span', { class: 'code' }, 'PDF'),
          h('a', { href: imageUrl, target: '_blank', rel: 'noopener' }, 'Open the PDF'),
        );
        el.error.hidden = false;
      } else {
        await new Promise<void>((resolve) => {
          el.image.onload = () => resolve();
          el.image.onerror = () => resolve();
          el.image.src = imageUrl!;
        });
        if (mine !== run) return;
        el.image.hidden = false;
        el.error.hidden = true;
      }
      showMeta(res, blob.size);
      setState('ready');
    } catch (error) {
      if (mine !== run || controller.signal.aborted) return;
      showError(error);
      return;
    }
    // The fit report is secondary: its failure never hides the image.
    try {
      const { format: _f, engine: _e, ...fitBody } = body;
      const report = await api.json<FitReply>('POST', '/v1/validate', fitBody, controller.signal);
      if (mine === run) showFit(report);
    } catch {
      if (mine === run) showFit(null);
    }
  }

  return {
    schedule(doc, variables) {
      clearTimeout(timer);
      setState('pending');
      timer = setTimeout(() => void render(doc, variables), DEBOUNCE_MS);
    },
  };
}
