// The Chromium engine: full CSS, drawn by Debian's Chromium through playwright-core with the same
// fonts, emoji and page defaults as the native engine. The browser starts on the first render and
// is shared; a crashed or hung browser fails only the renders it was drawing, clearly, and the
// next render starts a fresh one.
import { PlacardError } from '../../errors/placard-error.ts';
import { fontSetVersion } from '../../fonts/catalog.ts';
import { emojiSetsVersion } from '../../fonts/emoji.ts';
import type {
  Engine,
  EngineOutput,
  EngineRenderOptions,
  PreparedDocument,
  RenderDocument,
} from '../types.ts';
import { webFonts } from './account-fonts.ts';
import { createBrowserProvider, LaunchError } from './browser.ts';
import { CANDIDATE_PATHS, chromiumVersion, findChromium, isExecutable } from './find.ts';
import { drawOn, pageColour, type PageSlot } from './page.ts';
import { createPagePool } from './pool.ts';
import { ChromiumPreparedDocument, prepareForChromium } from './prepare.ts';

/** Bump when Placard's own drawing rules (shell page, fonts setup, capture) change the pixels. */
const CHROMIUM_REVISION = 1;

/** How long a check that the browser binary is (still) there holds. */
const AVAILABILITY_CHECK_MS = 1000;

export interface ChromiumEngineOptions {
  /** The browser binary; default: findChromium() (PLACARD_CHROMIUM_PATH, then well-known paths). */
  executablePath?: string;
  /** Pages drawing at once (default 2: one per core renders and encodes in parallel). */
  pages?: number;
  /** How long a browser start may take (default 30 s). */
  launchTimeoutMs?: number;
  /** A render still running after this long means the browser hung: it is killed (default 60 s). */
  watchdogMs?: number;
}

export type ChromiumEngine = Engine & { readonly available: boolean };

export function createChromiumEngine(options: ChromiumEngineOptions = {}): ChromiumEngine {
  const executablePath = options.executablePath ?? findChromium();
  const watchdogMs = options.watchdogMs ?? 60_000;
  const provider = executablePath
    ? createBrowserProvider(executablePath, options.launchTimeoutMs ?? 30_000)
    : undefined;
  const pool = provider ? createPagePool(provider, Math.max(1, options.pages ?? 2)) : undefined;
  let version: string | undefined;
  let closed = false;
  // `available` is read on every render, cache hits too (it is part of the cache key): the file
  // check (two syscalls) is repeated at most once a second.
  let checkedAt = Number.NEGATIVE_INFINITY;
  let executable = false;

  async function render(document: PreparedDocument, opts: EngineRenderOptions): Promise<EngineOutput> {
    if (!(document instanceof ChromiumPreparedDocument)) {
      throw new PlacardError('RENDER_FAILED', 'The chromium engine draws only documents it prepared.');
    }
    if (closed) throw new PlacardError('RENDER_FAILED', 'The chromium engine was closed.');
    if (!pool || !provider || !executablePath || !isExecutable(executablePath))
      throw unavailable(executablePath);
    opts.signal.throwIfAborted();
    pageColour(opts.background); // a bad colour is the caller's error, before any browser starts
    const fonts = await webFonts(document.accountFaces);
    const html = fonts ? `${document.html}${fonts.style}` : document.html;
    const drawOptions = fonts ? { ...opts, assets: new Map([...opts.assets, ...fonts.files]) } : opts;
    let slot: PageSlot;
    try {
      slot = await pool.acquire(opts.signal);
    } catch (error) {
      if (opts.signal.aborted) throw opts.signal.reason;
      if (closed) throw new PlacardError('RENDER_FAILED', 'The chromium engine was closed.');
      if (error instanceof LaunchError) throw unavailable(executablePath, error);
      throw asRenderFailure(error);
    }
    let healthy = false;
    try {
      const output = await supervise(
        slot,
        drawOn(slot, html, drawOptions, document.emoji),
        opts.signal,
        watchdogMs,
        () => provider.kill(slot.launched),
      );
      healthy = true;
      return output;
    } finally {
      pool.release(slot, healthy);
    }
  }

  return {
    name: 'chromium',
    get version() {
      version ??= `chromium/${CHROMIUM_REVISION} chrome/${executablePath ? chromiumVersion(executablePath) : 'none'} fonts/${fontSetVersion()} ${emojiSetsVersion}`;
      return version;
    },
    get available() {
      if (executablePath === undefined) return false;
      const now = performance.now();
      if (now - checkedAt >= AVAILABILITY_CHECK_MS) {
        executable = isExecutable(executablePath);
        checkedAt = now;
      }
      return executable;
    },
    prepare: (document: RenderDocument) => prepareForChromium(document),
    render,
    async close() {
      closed = true;
      await pool?.close();
      await provider?.close();
    },
  };
}

/**
 * Settles like `work`, except: the signal aborting rejects at once with its reason; the browser or
 * the page crashing, or the watchdog firing (then the browser is killed as hung), rejects with a
 * RENDER_FAILED that says so. Whatever `work` does afterwards is ignored.
 */
function supervise<T>(
  slot: PageSlot,
  work: Promise<T>,
  signal: AbortSignal,
  watchdogMs: number,
  killBrowser: () => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = (): void => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      settle(() =>
        reject(
          failed(
            `hung: the render did not finish within ${watchdogMs} ms; the browser was killed and restarts on the next render`,
          ),
        ),
      );
      killBrowser();
    }, watchdogMs);
    void slot.launched.gone.then(() =>
      settle(() =>
        reject(failed('crashed: the browser exited while drawing; it restarts on the next render')),
      ),
    );
    void slot.crashed.then(() =>
      settle(() => reject(failed('crashed: the page crashed while drawing (out of memory?)'))),
    );
    if (signal.aborted) onAbort(); // aborted while waiting for a page: no event will come
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => {
        // A dying browser fails its calls just before its disconnected event: give that a moment
        // so the request hears "crashed", not a protocol error.
        setTimeout(() => settle(() => reject(asRenderFailure(error))), slot.launched.isGone() ? 0 : 50);
      },
    );
  });
}

function failed(what: string, cause?: unknown): PlacardError {
  return new PlacardError('RENDER_FAILED', `Chromium ${what}.`, { cause });
}

function asRenderFailure(error: unknown): PlacardError {
  if (error instanceof PlacardError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return failed(`could not draw the template: ${message}`, error);
}

function unavailable(executablePath: string | undefined, cause?: unknown): PlacardError {
  const where = executablePath
    ? `${executablePath} is not an executable Chromium`
    : `no Chromium was found (looked for PLACARD_CHROMIUM_PATH, then ${CANDIDATE_PATHS.join(', ')})`;
  const why =
    cause instanceof Error ? `Chromium at ${executablePath} could not be started (${cause.message})` : where;
  return new PlacardError(
    'ENGINE_UNAVAILABLE',
    `The chromium engine needs Chromium: install it (Debian/Ubuntu: apt-get install chromium-headless-shell, or chromium) or set PLACARD_CHROMIUM_PATH; ${why}. The native engine (engine "native") works without it.`,
    { cause },
  );
}
