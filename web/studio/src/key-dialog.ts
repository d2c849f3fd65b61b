// The API key: asked for once, checked against the API, kept in this browser's local storage
// and sent only in the Authorization header, never in a URL.
import { createApi, type Api } from './api.ts';
import { byId } from './dom.ts';

const STORAGE_KEY = 'placard.studio.key';

export interface KeyControl {
  get(): string | null;
  /** Resolves once a working key is stored (at once when there is one). */
  ready(): Promise<void>;
  /** Forgets the key and asks again. */
  ask(message?: string): void;
}

export function createKeyControl(): KeyControl {
  const dialog = byId<HTMLDialogElement>('key-dialog');
  const form = dialog.querySelector('form')!;
  const input = byId<HTMLInputElement>('key-input');
  const error = byId('key-error');
  let waiting: (() => void)[] = [];
  const get = () => localStorage.getItem(STORAGE_KEY);

  const probe: Api = createApi(
    () => input.value.trim(),
    () => undefined,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    error.textContent = 'Checking…';
    probe
      .json('GET', '/v1/templates?scope=mine&limit=1')
      .then(() => {
        localStorage.setItem(STORAGE_KEY, key);
        error.textContent = '';
        input.value = '';
        dialog.close();
        const done = waiting;
        waiting = [];
        for (const resolve of done) resolve();
        document.dispatchEvent(new CustomEvent('studio:key'));
      })
      .catch((failure: Error & { code?: string }) => {
        error.textContent = `${failure.code ?? 'ERROR'}: ${failure.message}`;
      });
  });
  // The dialog cannot be dismissed without a key: nothing on the page works without one.
  dialog.addEventListener('cancel', (event) => {
    if (!get()) event.preventDefault();
  });

  const ask = (message = '') => {
    error.textContent = message;
    if (!dialog.open) dialog.showModal();
    input.focus();
  };
  return {
    get,
    ready: () => (get() ? Promise.resolve() : new Promise<void>((resolve) => (waiting.push(resolve), ask()))),
    ask(message) {
      localStorage.removeItem(STORAGE_KEY);
      ask(message);
    },
  };
}
