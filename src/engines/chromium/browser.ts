// One shared browser, started lazily: the first render launches it, concurrent first renders share
// that one launch, and a browser that crashed (or was killed as hung) is forgotten so the next
// render starts a fresh one. playwright-core is imported only here and only on first launch, so a
// server that never renders with Chromium never loads it.
import type { Browser } from 'playwright-core';
import { fontconfigFile } from './fontconfig.ts';

/** The flags that work on this kind of host (see the machine notes), plus measured speed-ups. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Without these, Chromium phones home at start and a closed network refuses it many times over.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--mute-audio',
  '--hide-scrollbars',
  // A capture waits for the next frame; unthrottled, that frame comes ~10 ms sooner (measured).
  '--disable-frame-rate-limit',
  // The headless shell hints glyphs fully unless told; the full browser takes fontconfig's
  // hintnone (fontconfig.ts) and ignores this switch. With it both draw the same pixels.
  '--font-render-hinting=none',
];

export interface LaunchedBrowser {
  readonly browser: Browser;
  /** The browser process, to kill it when it hangs (undefined if CDP did not say). */
  readonly pid: number | undefined;
  /** Settles (never rejects) when the browser process is gone, however it went. */
  readonly gone: Promise<void>;
  readonly isGone: () => boolean;
}

/** The browser could not be started at all (missing libraries, not a browser, launch timeout). */
export class LaunchError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause), {
      cause,
    });
    this.name = 'LaunchError';
  }
}

export interface BrowserProvider {
  get(): Promise<LaunchedBrowser>;
  /** Ends the browser at once (hung): SIGKILL, since a hung browser does not answer a polite close. */
  kill(launched: LaunchedBrowser): void;
  close(): Promise<void>;
}

export function createBrowserProvider(executablePath: string, launchTimeoutMs: number): BrowserProvider {
  let current: Promise<LaunchedBrowser> | undefined;

  async function launch(): Promise<LaunchedBrowser> {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
      env: { ...process.env, FONTCONFIG_FILE: await fontconfigFile() },
      timeout: launchTimeoutMs,
      // The service decides what a signal means; Playwright still kills the browser on exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    let isGone = false;
    const gone = new Promise<void>((resolve) =>
      browser.once('disconnected', () => {
        isGone = true;
        resolve();
      }),
    );
    return { browser, pid: await browserPid(browser), gone, isGone: () => isGone || killed.has(browser) };
  }

  // Browsers killed here count as gone at once, before their disconnected event arrives, so no
  // render is handed a page of a browser that is on its way out.
  const killed = new WeakSet<Browser>();

  /** The browser `current` resolved to, to see synchronously that it went away. */
  let latest: LaunchedBrowser | undefined;

  return {
    get() {
      if (current && latest?.isGone()) current = latest = undefined;
      if (!current) {
        const launching = launch().then(
          (launched) => (latest = launched),
          (error: unknown) => {
            if (current === launching) current = undefined; // the next render tries afresh
            throw new LaunchError(error);
          },
        );
        current = launching;
      }
      return current;
    },
    kill(launched) {
      killed.add(launched.browser);
      if (launched.pid !== undefined) {
        try {
          process.kill(launched.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      void launched.browser.close().catch(() => undefined);
    },
    async close() {
      const launching = current;
      current = undefined;
      const launched = await launching?.catch(() => undefined);
      await launched?.browser.close().catch(() => undefined);
    },
  };
}

async function browserPid(browser: Browser): Promise<number | undefined> {
  try {
    const session = await browser.newBrowserCDPSession();
    const { processInfo } = await session.send('SystemInfo.getProcessInfo');
    await session.detach();
    return processInfo.find((info) => info.type === 'browser')?.id;
  } catch {
    return undefined;
  }
}
