// Where a warm Chromium PNG render of the standard card spends its time, read from Chromium's own
// trace (categories devtools and viz, cheap) next to this process's clock: both are CLOCK_MONOTONIC
// on Linux, so a trace timestamp and process.hrtime line up. `node --import tsx bench/chromium.ts
// --split` prints the medians; the figures at the top of src/engines/chromium/capture.ts come from it.
import type { CDPSession } from 'playwright-core';
import sharp from 'sharp';
import type { LaunchedBrowser } from '../../src/engines/chromium/browser.ts';
import { swapExpression } from '../../src/engines/chromium/swap.ts';
import { card } from './card.ts';
import { percentile } from './stats.ts';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
}

/** One render's marks, µs on the monotonic clock. */
interface Marks {
  start: number;
  swapped: number;
  captured: number;
  encoded: number;
}

const micros = (): number => Number(process.hrtime.bigint() / 1000n);

export async function printCaptureSplit(
  launched: LaunchedBrowser,
  cdp: CDPSession,
  html: string,
  rounds: number,
): Promise<void> {
  const render = async (): Promise<Marks> => {
    const start = micros();
    await cdp.send('Runtime.evaluate', { expression: swapExpression(html), awaitPromise: true });
    const swapped = micros();
    const { data } = await cdp.send('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: true,
      fromSurface: true,
      captureBeyondViewport: false,
    });
    const captured = micros();
    await sharp(Buffer.from(data, 'base64')).removeAlpha().png({ compressionLevel: 5 }).toBuffer();
    return { start, swapped, captured, encoded: micros() };
  };
  for (let n = 0; n < 5; n += 1) await render();
  const untraced: number[] = [];
  for (let n = 0; n < rounds; n += 1) {
    const marks = await render();
    untraced.push((marks.encoded - marks.start) / 1000);
  }

  await launched.browser.startTracing(undefined, { categories: ['devtools', 'viz'] });
  const renders: Marks[] = [];
  for (let n = 0; n < rounds; n += 1) renders.push(await render());
  const trace = JSON.parse((await launched.browser.stopTracing()).toString('utf8')) as
    { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const encodes = events.filter((e) => e.name === 'EncodeBitmapAsPngFast' && e.ph === 'X');
  const draws = events.filter((e) => e.name === 'Display::DrawAndSwap' && e.ph === 'X');

  const columns: Record<string, number[]> = {
    'swap (CDP round trip)': [],
    'capture: command to PNG encode (new frame, draw, readback)': [],
    '  of which compositor draws': [],
    'capture: Chromium fast PNG encode (browser main thread)': [],
    'capture: base64 + CDP message to this process': [],
    'sharp decode + PNG level 5': [],
    'total (traced)': [],
  };
  const add = (key: string, ms: number): void => void columns[key]?.push(ms);
  for (const marks of renders) {
    const encode = encodes.find((e) => e.ts >= marks.swapped && e.ts <= marks.captured);
    if (!encode?.dur) continue;
    const drawn = draws.filter((e) => e.ts >= marks.swapped && e.ts <= encode.ts);
    add('swap (CDP round trip)', (marks.swapped - marks.start) / 1000);
    add('capture: command to PNG encode (new frame, draw, readback)', (encode.ts - marks.swapped) / 1000);
    add('  of which compositor draws', drawn.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000);
    add('capture: Chromium fast PNG encode (browser main thread)', encode.dur / 1000);
    add('capture: base64 + CDP message to this process', (marks.captured - encode.ts - encode.dur) / 1000);
    add('sharp decode + PNG level 5', (marks.encoded - marks.captured) / 1000);
    add('total (traced)', (marks.encoded - marks.start) / 1000);
  }
  console.log(
    `split of a warm PNG render, standard card ${card.width}x${card.height}, medians over ` +
      `${columns['total (traced)']?.length ?? 0} traced renders (ms):`,
  );
  for (const [key, samples] of Object.entries(columns))
    console.log(`  ${key.padEnd(62)} ${percentile(samples, 50).toFixed(1).padStart(6)}`);
  console.log(
    `  ${'total, same steps untraced'.padEnd(62)} ${percentile(untraced, 50).toFixed(1).padStart(6)}`,
  );
}
