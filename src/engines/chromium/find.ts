// Where Chromium is and which version it is. Nothing here starts a browser: the version is read
// from `--version` once, the first time an engine version is asked for.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';

/**
 * Checked in order when no path is configured. Debian's headless shell first (package
 * chromium-headless-shell, the same Chromium without the browser UI, what Playwright runs for
 * headless): the same pixels, ~200 MB less memory, a launch ~1.4 s sooner and PNG renders a few
 * ms faster (capture.ts has the figures). The binary itself: Debian's /usr/bin wrapper runs it
 * without exec, so a wrapper shell would stand between Playwright and the browser. Then the full
 * browser (Debian/Ubuntu), then Google's build.
 */
export const CANDIDATE_PATHS: readonly string[] = [
  '/usr/lib/chromium/chromium-headless-shell',
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to use: the configured path (PLACARD_CHROMIUM_PATH) when it is executable, else the
 * first executable well-known path, else undefined (the engine then answers ENGINE_UNAVAILABLE).
 */
export function findChromium(
  configured: string | undefined = process.env.PLACARD_CHROMIUM_PATH,
): string | undefined {
  if (configured) return isExecutable(configured) ? configured : undefined;
  return CANDIDATE_PATHS.find(isExecutable);
}

/** `156.0.8078.79` from `chromium --version`, or 'unknown' when it cannot be run. */
export function chromiumVersion(path: string): string {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' });
    return /\d+(?:\.\d+){1,3}/.exec(out)?.[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
