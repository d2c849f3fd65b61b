// A small pool of pages on the shared browser: up to `size` renders draw at once, the rest wait in
// order. Pages open on first need. A page that failed, timed out or belongs to a browser that went
// away is thrown away, never handed out again, and a fresh one takes its place on the next need.
import type { BrowserProvider } from './browser.ts';
import { closeSlot, openSlot, type PageSlot } from './page.ts';

export interface PagePool {
  acquire(signal: AbortSignal): Promise<PageSlot>;
  /** `healthy: false` discards the page (closing it in the background). */
  release(slot: PageSlot, healthy: boolean): void;
  close(): Promise<void>;
}

/** How long a discarded page may take to close before its browser counts as hung and is killed. */
const CLOSE_TIMEOUT_MS = 5_000;

export function createPagePool(provider: BrowserProvider, size: number): PagePool {
  const idle: PageSlot[] = [];
  const waiters: { wake: () => void }[] = [];
  let open = 0; // pages opened or opening, idle or busy
  let closed = false;

  const usable = (slot: PageSlot): boolean => !slot.launched.isGone() && !slot.page.isClosed();

  function wakeNext(): void {
    waiters.shift()?.wake();
  }

  async function acquire(signal: AbortSignal): Promise<PageSlot> {
    for (;;) {
      signal.throwIfAborted();
      if (closed) throw new Error('the engine was closed');
      const slot = idle.pop();
      if (slot) {
        if (usable(slot)) return slot;
        discard(slot);
        continue;
      }
      if (open < size) {
        open += 1;
        try {
          return await openFresh();
        } catch (error) {
          open -= 1;
          wakeNext();
          throw error;
        }
      }
      await waitForTurn(signal);
    }
  }

  /** A new page; once more on a new browser if the browser died while the page was opening. */
  async function openFresh(): Promise<PageSlot> {
    const launched = await provider.get();
    try {
      return await openSlot(launched);
    } catch (error) {
      if (!launched.isGone()) throw error;
      return openSlot(await provider.get());
    }
  }

  function waitForTurn(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = {
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.push(waiter);
    });
  }

  function discard(slot: PageSlot): void {
    open -= 1;
    if (!slot.launched.isGone()) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'hung'>(
        (resolve) => (timer = setTimeout(() => resolve('hung'), CLOSE_TIMEOUT_MS)),
      );
      void Promise.race([closeSlot(slot).catch(() => undefined), timedOut]).then((outcome) => {
        clearTimeout(timer);
        if (outcome === 'hung') provider.kill(slot.launched);
      });
    }
    wakeNext();
  }

  return {
    acquire,
    release(slot, healthy) {
      if (!healthy || !usable(slot)) {
        discard(slot);
        return;
      }
      idle.push(slot);
      wakeNext();
    },
    async close() {
      closed = true;
      idle.length = 0;
      for (const waiter of waiters.splice(0)) waiter.wake();
    },
  };
}
