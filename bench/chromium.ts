// Bench path "chromium": the standard card through the Chromium engine (bound once, as a cached
// template would be), timed per output format one render at a time, then with every page busy.
// Prints one JSON line like the other paths; medianMs/p95Ms are the PNG figures, `formats` has all.
// `--methods` instead compares the capture methods (naive screenshot, CDP settings, sharp) and
// prints a table; `--split` prints where one PNG render's time goes, from Chromium's trace
// (bench/lib/chromium-split.ts). The numbers at the top of src/engines/chromium/capture.ts come from these.
import { readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { createBrowserProvider } from '../src/engines/chromium/browser.ts';
import { createChromiumEngine, findChromium } from '../src/engines/chromium/index.ts';
import { openSlot } from '../src/engines/chromium/page.ts';
import { swapExpression } from '../src/engines/chromium/swap.ts';
import type { EngineFormat } from '../src/engines/types.ts';
import { boundCardHtml, card, cardEngineOptions } from './lib/card.ts';
import { compareBinaries } from './lib/chromium-binaries.ts';
import { printCaptureSplit } from './lib/chromium-split.ts';
import { CONCURRENCY, THROUGHPUT_MS, TIMED_RENDERS, WARMUP_RENDERS } from './lib/measure.ts';
import { peakRssMb } from './lib/proc.ts';
import { latency } from './lib/stats.ts';

const FORMATS = ['png', 'jpeg', 'webp'] as const;

/** Proportional memory (PSS, MB) of every process descending from this one: the browser's share. */
function browserPssMb(): number {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const rest = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '');
      parent.set(Number(entry), Number(rest.split(' ')[1]));
    } catch {
      // gone
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let kb = 0;
  for (const pid of parent.keys()) {
    if (!ours(pid)) continue;
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

async function scenario(): Promise<void> {
  const engine = createChromiumEngine({ pages: 2 });
  if (!engine.available)
    throw new Error('no Chromium: apt-get install chromium, or set PLACARD_CHROMIUM_PATH');
  const prepared = engine.prepare({ html: boundCardHtml() });
  try {
    const cold = performance.now();
    const first = await engine.render(prepared, cardEngineOptions('png'));
    const firstRenderMs = performance.now() - cold;
    const size = await sharp(first.data).metadata();
    if (size.width !== card.width || size.height !== card.height)
      throw new Error(`drew ${size.width}x${size.height}`);

    const formats: Record<string, { medianMs: number; p95Ms: number; bytes: number }> = {};
    for (const format of FORMATS) {
      for (let n = 0; n < WARMUP_RENDERS; n += 1) await engine.render(prepared, cardEngineOptions(format));
      const samples: number[] = [];
      let bytes = 0;
      for (let n = 0; n < TIMED_RENDERS; n += 1) {
        const started = performance.now();
        bytes = (await engine.render(prepared, cardEngineOptions(format))).data.length;
        samples.push(performance.now() - started);
      }
      formats[format] = { ...latency(samples), bytes };
    }

    let done = 0;
    const started = performance.now();
    const lane = async (): Promise<void> => {
      while (performance.now() < started + THROUGHPUT_MS) {
        await engine.render(prepared, cardEngineOptions('png'));
        done += 1;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const rendersPerSec = done / ((performance.now() - started) / 1000);
    const png = formats.png ?? { medianMs: Number.NaN, p95Ms: Number.NaN };
    const result = {
      name: 'chromium',
      medianMs: png.medianMs,
      p95Ms: png.p95Ms,
      rendersPerSec,
      concurrency: CONCURRENCY,
      peakRssMb: peakRssMb(),
      browserPssMb: browserPssMb(),
      firstRenderMs,
      formats,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await engine.close();
  }
}

/**
 * Swap + capture + encode of the standard card by each method, rounds interleaved so load from
 * elsewhere hits every method alike. Prints median ms (and bytes) per method and format.
 */
async function compareCaptureMethods(rounds = 25): Promise<void> {
  const html = boundCardHtml();
  const path = findChromium();
  if (!path) throw new Error('no Chromium');
  const provider = createBrowserProvider(path, 30_000);
  const launched = await provider.get();
  const slot = await openSlot(launched);
  const naive = await launched.browser.newPage({ viewport: { width: card.width, height: card.height } });
  const { cdp } = slot;
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: card.width,
    height: card.height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  const swap = () => cdp.send('Runtime.evaluate', { expression: swapExpression(html), awaitPromise: true });
  const shot = async (format: 'png' | 'jpeg' | 'webp', optimizeForSpeed: boolean) => {
    const quality = format === 'png' ? {} : { quality: 80 };
    const params = { format, ...quality, optimizeForSpeed, fromSurface: true, captureBeyondViewport: false };
    return Buffer.from((await cdp.send('Page.captureScreenshot', params)).data, 'base64');
  };
  const viaSharp = async (format: EngineFormat) => {
    const png = sharp(await shot('png', true)).removeAlpha();
    if (format === 'raw') return png.ensureAlpha().raw().toBuffer();
    return (format === 'png' ? png.png({ compressionLevel: 5 }) : png[format]({ quality: 80 })).toBuffer();
  };
  const methods: Record<string, Partial<Record<EngineFormat, () => Promise<Buffer>>>> = {
    'naive page.setContent + page.screenshot()': {
      png: async () => (await naive.setContent(html), naive.screenshot({ type: 'png' })),
      jpeg: async () => (await naive.setContent(html), naive.screenshot({ type: 'jpeg', quality: 80 })),
    },
    'swap + CDP capture, default settings': {
      png: async () => (await swap(), shot('png', false)),
      jpeg: async () => (await swap(), shot('jpeg', false)),
      webp: async () => (await swap(), shot('webp', false)),
    },
    'swap + CDP capture, optimizeForSpeed': {
      png: async () => (await swap(), shot('png', true)),
      jpeg: async () => (await swap(), shot('jpeg', true)),
      webp: async () => (await swap(), shot('webp', true)),
    },
    'swap + CDP fast PNG + sharp encode': {
      png: async () => (await swap(), viaSharp('png')),
      jpeg: async () => (await swap(), viaSharp('jpeg')),
      webp: async () => (await swap(), viaSharp('webp')),
      raw: async () => (await swap(), viaSharp('raw')),
    },
  };
  const samples = new Map<string, number[]>();
  const bytes = new Map<string, number>();
  for (let round = -3; round < rounds; round += 1) {
    for (const [method, byFormat] of Object.entries(methods)) {
      for (const [format, run] of Object.entries(byFormat)) {
        const started = performance.now();
        const out = await run();
        if (round < 0) continue; // warm-up
        const key = `${method}|${format}`;
        samples.set(key, [...(samples.get(key) ?? []), performance.now() - started]);
        bytes.set(key, out.length);
      }
    }
  }
  const columns = ['png', 'jpeg', 'webp', 'raw'];
  console.log(
    `median ms (bytes) over ${rounds} interleaved rounds, standard card ${card.width}x${card.height}`,
  );
  console.log(['method'.padEnd(44), ...columns.map((c) => c.padStart(16))].join(''));
  for (const method of Object.keys(methods)) {
    const cells = columns.map((format) => {
      const key = `${method}|${format}`;
      const list = samples.get(key);
      return (
        list ? `${latency(list).medianMs.toFixed(1)} (${Math.round((bytes.get(key) ?? 0) / 1024)}K)` : '-'
      ).padStart(16);
    });
    console.log([method.padEnd(44), ...cells].join(''));
  }
  await provider.close();
}

/** Opens one page as the engine does, sized for the standard card, and prints the PNG time split. */
async function splitCapture(rounds = 30): Promise<void> {
  const path = findChromium();
  if (!path) throw new Error('no Chromium');
  const provider = createBrowserProvider(path, 30_000);
  const launched = await provider.get();
  const slot = await openSlot(launched);
  await slot.cdp.send('Emulation.setDeviceMetricsOverride', {
    width: card.width,
    height: card.height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  try {
    await printCaptureSplit(launched, slot.cdp, boundCardHtml(), rounds);
  } finally {
    await provider.close();
  }
}

const binaries = process.argv.indexOf('--binaries');
if (binaries >= 0) {
  await compareBinaries((process.argv[binaries + 1] ?? '').split(','));
} else if (process.argv.includes('--methods')) {
  await compareCaptureMethods();
} else if (process.argv.includes('--split')) {
  await splitCapture();
} else {
  try {
    await scenario();
  } catch (error) {
    console.error(
      `bench chromium: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  }
}
