// Turns what the page shows into the engine's output, by the fastest path measured per format.
// Standard card 1200x630, warm page, median ms of content swap + capture + encode over 25
// interleaved rounds (`node --import tsx bench/chromium.ts --methods`; 2 cores shared with other
// test runs, load ~5: absolute numbers are high, the order was the same in every run):
//
//   method                                        png           jpeg         webp         raw
//   naive page.setContent + page.screenshot()     173 (373 KB)  37 (60 KB)   -            -
//   swap + CDP capture, default settings          164 (377 KB)  31 (59 KB)   85 (36 KB)   -
//   swap + CDP capture, optimizeForSpeed           60 (718 KB)  35 (59 KB)   83 (36 KB)   -
//   swap + CDP fast PNG → sharp (PNG level 6)      76 (173 KB)  74 (59 KB)  117 (35 KB)  72
//
// PNG: Chromium's own PNG encoder is the slow part (~110 ms); with optimizeForSpeed it writes a
// barely compressed PNG fast (718 KB), and sharp re-encodes that, half the size of Chromium's
// own PNG. Level 5, not 6: on this card it is smaller (176 vs 177 KB) and ~0.8 ms faster (decode
// + encode 15.3 vs 16.1 ms, 60 rounds); levels 3-4 save ~1-2 ms more but are 1.1-1.4x the size.
// Where one warm PNG render goes, from Chromium's own trace (`bench/chromium.ts --split`, medians
// of 30 renders, load 6-9 on 2 cores; the single-threaded steps hardly moved with the load):
//
//   swap (CDP round trip)                                          9-11
//   capture: command → encode start: a forced new frame, the       15-20  (compositor draws ~7:
//     software draw with readback, the bitmap sent to the browser          a draw with readback)
//   capture: Chromium's fast PNG encode, on the browser main thread   15.6-15.9
//   capture: base64 + the 1 MB CDP message to this process          7-10  (here ~4: GC, parse)
//   sharp decode + PNG level 5                                      19-29  (~12 at load 4)
//
// So issue 13's 40 ms is out of reach this way: the encode inside Chromium, the readback frame and
// a lossless re-encode alone pass it. Tried, no gain beyond the noise (interleaved A/B, 40-50
// rounds, load 5-10): --disable-gpu-vsync, --disable-renderer-backgrounding and the background
// throttling flags, --disable-gpu-compositing, --in-process-gpu, --num-raster-threads=2,
// --force-device-scale-factor=1, SwiftShader instead of --disable-gpu; without
// --disable-frame-rate-limit: slower (82 vs 69, one run); --run-all-compositor-stages-before-draw
// moves the frame into the swap, slower overall. fromSurface false and an explicit clip: same.
// HeadlessExperimental.beginFrame does not exist in the full browser's headless mode. Two clipped half
// captures at once: slower (each forces its own frame; both encode on the browser main thread).
// CDP webp at quality 100 is lossless (117 KB) but its capture takes ~51 ms (used for lossless
// WebP, below). Node's zlib instead of sharp (inflate, unfilter in JS, deflate; also in parallel
// strips or streamed): slower (23-29 vs 16-18 ms): inflating the fast PNG alone takes as long as
// sharp's decode. A screencast frame (Page.startScreencast, the same fast PNG) comes ~10 ms
// sooner when the page was idle before the swap (~2 ms when renders follow back to back), but
// nothing tells which frame shows the finished swap, so it is not used.
// JPEG and WebP: Chromium's encoders win (no second decode). Raw RGBA (for AVIF): CDP
// has no raw capture, so sharp decodes the fast PNG. Lossless WebP (no quality): Chromium's WebP
// at quality 100 is lossless (measured, not documented: engine.test.ts checks its pixels equal
// the PNG's, alpha too). Standard card, engine.render, 15 interleaved rounds, load 5: 77 ms and
// 117 KB, against 367 ms and 155 KB through sharp.
//
// Debian's headless shell (chromium-headless-shell, the same 156.0.8078.114 without the browser
// UI; find.ts prefers it) against the full browser, this same code, engine.render medians over
// 40 interleaved rounds, which binary goes first alternating (`bench/chromium.ts --binaries`):
//
//   load        png (full / shell)   jpeg           webp
//   8.1-8.6      88.6 /  85.4        45.0 / 42.7    103.5 / 100.1
//   11.5-12.8   132.6 / 124.1        52.3 / 53.6    153.7 / 157.9
//   10.7-11.3    89.0 /  79.3        38.1 / 42.1    104.7 / 105.7
//   9.6-9.8     110.3 / 100.6        44.9 / 47.0    119.8 / 124.5
//   11.2-11.9   113.1 / 108.5        42.0 / 40.5    134.5 / 128.0
//   6.2-6.6      86.5 /  72.3        34.9 / 37.1     78.1 /  80.9
//
// PNG 3-14 ms faster in every run, JPEG and WebP the same within the noise; the bench's chromium
// path, two runs each (load 11-13): browser PSS 543-547 -> 335-346 MB, first render (launch)
// 3.0-3.4 -> 1.6-2.0 s, renders/s with 4 in flight 7.7-8.7 -> 10.4-12.5. Every fidelity case's
// Chromium PNG is byte for byte the same from both (with --font-render-hinting=none, browser.ts).
// Still far from 40 ms: the shell changes none of the steps above. beginFrame in the shell
// (--enable-begin-frame-control, --run-all-compositor-stages-before-draw, the page made by
// Target.createTarget with enableBeginFrameControl): one beginFrame with a screenshot after the
// swap showed the page as it was before the swap in 5-11 of 20-30 renders at load 8-14 (a longer
// interval, or a noDisplayUpdates frame first, did not stop it), gives no screenshot at all when
// nothing changed (the same card twice), and was no faster: PNG medians 83-295 against 125-158 ms
// for captureScreenshot in the same interleaved rounds (faster in 2 of 5 runs), JPEG 133 vs 82.
// Not used.
import type { CDPSession } from 'playwright-core';
import sharp from 'sharp';
import type { EngineFormat } from '../types.ts';

export interface Captured {
  data: Buffer;
  width: number;
  height: number;
}

/** Quality for a lossy capture when the caller gave none (what browsers use). */
const DEFAULT_QUALITY = 80;

export async function capture(
  cdp: CDPSession,
  format: EngineFormat,
  quality: number | undefined,
  opaque: boolean,
): Promise<Captured> {
  if (format === 'jpeg' || format === 'webp') {
    const lossless = format === 'webp' && quality === undefined;
    const data = await shoot(cdp, format, lossless ? 100 : clampQuality(quality ?? DEFAULT_QUALITY));
    const { width = 0, height = 0 } = await sharp(data).metadata();
    return { data, width, height };
  }
  const png = sharp(await shoot(cdp, 'png', undefined));
  // Over an opaque page colour every pixel is opaque: dropping alpha is lossless and a third smaller.
  const pixels = opaque && format !== 'raw' ? png.removeAlpha() : png.ensureAlpha();
  if (format === 'raw') {
    const { data, info } = await pixels.raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  }
  const { data, info } = await pixels.png({ compressionLevel: 5 }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function shoot(
  cdp: CDPSession,
  format: 'png' | 'jpeg' | 'webp',
  quality: number | undefined,
): Promise<Buffer> {
  const { data } = await cdp.send('Page.captureScreenshot', {
    format,
    ...(quality === undefined ? {} : { quality }),
    optimizeForSpeed: true,
    fromSurface: true,
    captureBeyondViewport: false,
  });
  return Buffer.from(data, 'base64');
}

function clampQuality(quality: number): number {
  return Math.min(100, Math.max(1, Math.round(quality)));
}
