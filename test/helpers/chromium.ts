// Helpers for the Chromium engine's tests: whether Chromium is here (tests skip, saying why, when
// it is not), the browser processes this test process started, and a template slow to draw.
import { readdirSync, readFileSync } from 'node:fs';
import { findChromium } from '../../src/engines/chromium/find.ts';

export const chromiumPath = findChromium();
if (!chromiumPath) {
  console.warn(
    'chromium engine tests skipped: no Chromium (apt-get install chromium, or set PLACARD_CHROMIUM_PATH)',
  );
}

/** Chromium browser processes that are children of this process (Playwright spawns them directly). */
export function browserPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const [, comm = '', rest = ''] = /^\d+ \((.*)\) (.*)$/s.exec(stat) ?? [];
      const ppid = Number(rest.split(' ')[1]);
      if (ppid === process.pid && /chrom/i.test(comm)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** A 1200x630 page of thousands of blurred shadows: a few seconds of work for the browser. */
export const SLOW_HTML =
  '<div style="display:flex;flex-wrap:wrap">' +
  Array.from(
    { length: 4000 },
    (_, i) =>
      `<div style="width:20px;height:20px;margin:1px;box-shadow:0 0 60px ${i % 2 ? 'red' : 'blue'};filter:blur(3px)"></div>`,
  ).join('') +
  '</div>';
