// Picks the engine for one render. "native" is Takumi; "chromium" is the browser engine and
// answers ENGINE_UNAVAILABLE when Chromium is not installed; "auto" (the default) is native
// unless the bound template uses what only Chromium draws (src/engines/auto.ts), and falls
// back to native with a warning when Chromium is missing.
import { PlacardError } from '../errors/placard-error.ts';
import { needsChromium, type ChromiumNeed } from './auto.ts';
import type { Engine, EngineChoice } from './types.ts';

export interface Engines {
  native: Engine;
  /** Absent or unavailable when Chromium is not installed. */
  chromium?: Engine & { readonly available: boolean };
}

export interface Selection {
  engine: Engine;
  /** Why auto chose Chromium, or why it could not. */
  warning?: string;
}

const HOW_TO_INSTALL =
  'install it (Debian/Ubuntu: apt-get install chromium-headless-shell, or chromium) or set PLACARD_CHROMIUM_PATH';

/** `need`: auto's scan of `html` when the caller already has it (the adapt step's). */
export function selectEngine(
  engines: Engines,
  choice: EngineChoice,
  html: string,
  need?: ChromiumNeed,
): Selection {
  const chromium = engines.chromium?.available ? engines.chromium : undefined;
  if (choice === 'native') return { engine: engines.native };
  if (choice === 'chromium') {
    if (!chromium) {
      throw new PlacardError(
        'ENGINE_UNAVAILABLE',
        `engine "chromium" needs Chromium, which is not installed: ${HOW_TO_INSTALL}.`,
      );
    }
    return { engine: chromium };
  }
  const { needed, reasons } = need ?? needsChromium(html);
  if (!needed) return { engine: engines.native };
  if (chromium) return { engine: chromium };
  return {
    engine: engines.native,
    warning: `drawn by the native engine, but the template uses ${reasons.join(', ')}, which only Chromium draws faithfully; ${HOW_TO_INSTALL}`,
  };
}

/** Names every engine that could draw a request: part of cache keys, so an upgrade re-renders. */
export function enginesVersion(engines: Engines): string {
  return [
    engines.native.version,
    engines.chromium?.available ? engines.chromium.version : 'no-chromium',
  ].join(' | ');
}
