// Two (or more) Chromium binaries through the same engine code, warm renders of the standard card
// interleaved render by render, so load from elsewhere hits each alike. `node --import tsx
// bench/chromium.ts --binaries /usr/bin/chromium,/usr/bin/chromium-headless-shell` prints median
// ms (and bytes) per binary and format; the figures at the top of capture.ts come from it.
import os from 'node:os';
import { createChromiumEngine } from '../../src/engines/chromium/index.ts';
import { boundCardHtml, card, cardEngineOptions } from './card.ts';
import { latency } from './stats.ts';

const FORMATS = ['png', 'jpeg', 'webp'] as const;

export async function compareBinaries(paths: readonly string[], rounds = 40): Promise<void> {
  const engines = paths.map((path) => createChromiumEngine({ executablePath: path, pages: 1 }));
  const samples = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  try {
    const prepared = engines.map((engine) => engine.prepare({ html: boundCardHtml() }));
    const load: number[] = [];
    for (let round = -6; round < rounds; round += 1) {
      if (round >= 0) load.push(os.loadavg()[0] ?? 0);
      for (const format of FORMATS) {
        // Which binary goes first alternates, so neither always renders right after the other.
        const order = round % 2 === 0 ? [...engines.keys()] : [...engines.keys()].reverse();
        for (const index of order) {
          const engine = engines[index]!;
          const started = performance.now();
          const out = await engine.render(prepared[index]!, cardEngineOptions(format));
          if (round < 0) continue; // warm-up (the first launches the browser)
          const key = `${index}|${format}`;
          samples.set(key, [...(samples.get(key) ?? []), performance.now() - started]);
          bytes.set(key, out.data.length);
        }
      }
    }
    console.log(
      `engine.render median ms (bytes) over ${rounds} interleaved rounds, standard card ` +
        `${card.width}x${card.height}, load ${Math.min(...load).toFixed(1)}-${Math.max(...load).toFixed(1)}`,
    );
    for (const [index, path] of paths.entries()) {
      const cells = FORMATS.map((format) => {
        const key = `${index}|${format}`;
        const { medianMs } = latency(samples.get(key) ?? []);
        return `${medianMs.toFixed(1)} (${Math.round((bytes.get(key) ?? 0) / 1024)}K)`.padStart(16);
      });
      console.log([path.padEnd(44), ...cells].join(''));
    }
  } finally {
    await Promise.all(engines.map((engine) => engine.close()));
  }
}
