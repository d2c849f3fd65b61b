// One page of the pool: its own browser context (page scripts off, service workers blocked,
// every request routed), the shell loaded once, and the per-render steps: size, page colour,
// swap the template in, capture. The shell is reloaded only when it has to be (see `drawOn`).
import { DEFAULT_EMOJI_STYLE, type EmojiStyle } from '../../fonts/emoji.ts';
import { createHash } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { converter, parse } from 'culori';
import { PlacardError } from '../../errors/placard-error.ts';
import type { EngineOutput, EngineRenderOptions } from '../types.ts';
import type { LaunchedBrowser } from './browser.ts';
import { capture } from './capture.ts';
import { GENERIC_FAMILIES } from './fontconfig.ts';
import { assetMap, createRouteHandler, type PageAssets } from './network.ts';
import { SHELL_URL } from './shell.ts';
import { CLEAR_EXPRESSION, swapExpression, type SwapResult } from './swap.ts';

/** A page is reloaded after this many renders, so whatever Blink caches per document stays bounded. */
const RENDERS_PER_DOCUMENT = 500;
/** ...and when it has drawn this many distinct asset URLs. */
const MAX_SEEN = 1000;

export interface PageSlot {
  readonly launched: LaunchedBrowser;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** Settles when this page's renderer process crashed. */
  readonly crashed: Promise<void>;
  readonly assets: PageAssets;
  /** What was last applied, so an unchanged size or colour costs no round trip. */
  metrics: string;
  background: string;
  /** Asset fingerprints by URL drawn since the shell loaded (a document reuses an image by URL). */
  seen: Map<string, string>;
  renders: number;
}

export async function openSlot(launched: LaunchedBrowser): Promise<PageSlot> {
  const context: BrowserContext = await launched.browser.newContext({
    javaScriptEnabled: false,
    serviceWorkers: 'block',
    acceptDownloads: false,
    viewport: null, // sized per render through CDP, with the device scale
  });
  try {
    const assets: PageAssets = { current: new Map() };
    await context.route('**/*', createRouteHandler(assets));
    const page = await context.newPage();
    const crashed = new Promise<void>((resolve) => page.once('crash', () => resolve()));
    const cdp = await context.newCDPSession(page);
    // Generic families resolve through Chromium's settings, not CSS: point them at bundled fonts.
    await cdp.send('Page.setFontFamilies', { fontFamilies: { ...GENERIC_FAMILIES } });
    await page.goto(SHELL_URL);
    return { launched, page, cdp, crashed, assets, metrics: '', background: '', seen: new Map(), renders: 0 };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

export async function closeSlot(slot: PageSlot): Promise<void> {
  await slot.page.context().close();
}

export async function drawOn(
  slot: PageSlot,
  html: string,
  options: EngineRenderOptions,
  emoji: EmojiStyle = DEFAULT_EMOJI_STYLE,
): Promise<EngineOutput> {
  const { cdp } = slot;
  const colour = pageColour(options.background);
  const assets = assetMap(options.assets);
  if (slot.renders >= RENDERS_PER_DOCUMENT || drawsChangedImage(slot, assets)) await reload(slot);
  for (const [url, bytes] of assets) slot.seen.set(url, fingerprint(bytes));
  slot.renders += 1;

  const metrics = `${options.width}x${options.height}@${options.scale}`;
  if (slot.metrics !== metrics) {
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: options.width,
      height: options.height,
      deviceScaleFactor: options.scale,
      mobile: false,
    });
    slot.metrics = metrics;
  }
  if (slot.background !== options.background) {
    await cdp.send('Emulation.setDefaultBackgroundColorOverride', { color: colour });
    slot.background = options.background;
  }

  slot.assets.current = assets;
  try {
    if ((await swap(cdp, html, emoji)) === 'no-shell') {
      // The template navigated the page away (a meta refresh, say): load the shell and go again.
      await reload(slot);
      if ((await swap(cdp, html, emoji)) === 'no-shell') throw new Error('the page does not keep the shell');
    }
    const shot = await capture(cdp, options.format, options.quality, colour.a === 1);
    return { data: shot.data, format: options.format, width: shot.width, height: shot.height };
  } finally {
    slot.assets.current = new Map();
    void cdp.send('Runtime.evaluate', { expression: CLEAR_EXPRESSION }).catch(() => undefined);
  }
}

async function swap(cdp: CDPSession, html: string, emoji: EmojiStyle): Promise<SwapResult> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    expression: swapExpression(html, emoji),
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) {
    throw new Error(
      `the page could not take the template: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`,
    );
  }
  return result.value as SwapResult;
}

async function reload(slot: PageSlot): Promise<void> {
  await slot.page.goto(SHELL_URL);
  slot.seen.clear();
  slot.renders = 0;
  slot.metrics = slot.background = ''; // apply both again rather than trust they survived
}

/**
 * Whether an asset URL this document already drew now has other bytes: Blink keeps a decoded image
 * per URL for the document's life, so it would draw the old bytes. Rare (a remote image changed).
 */
function drawsChangedImage(slot: PageSlot, assets: ReadonlyMap<string, Uint8Array>): boolean {
  if (slot.seen.size > MAX_SEEN) return true;
  for (const [url, bytes] of assets) {
    const before = slot.seen.get(url);
    if (before !== undefined && before !== fingerprint(bytes)) return true;
  }
  return false;
}

// The pipeline's asset cache hands the same bytes object back, so each is hashed once.
const fingerprints = new WeakMap<Uint8Array, string>();

function fingerprint(bytes: Uint8Array): string {
  let hash = fingerprints.get(bytes);
  if (hash === undefined) {
    hash = createHash('sha1').update(bytes).digest('base64');
    fingerprints.set(bytes, hash);
  }
  return hash;
}

const toRgb = converter('rgb');

/** The page colour as CDP takes it; a background that is not a CSS colour is the caller's error. */
export function pageColour(background: string): { r: number; g: number; b: number; a: number } {
  const parsed = parse(background.trim());
  const rgb = parsed && toRgb(parsed);
  if (!rgb) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `background must be a CSS colour or "transparent"; received ${JSON.stringify(background)}.`,
      { details: { field: 'background', received: background } },
    );
  }
  const channel = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 255);
  return { r: channel(rgb.r), g: channel(rgb.g), b: channel(rgb.b), a: rgb.alpha ?? 1 };
}
