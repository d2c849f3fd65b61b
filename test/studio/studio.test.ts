// The Studio end to end in a real browser: Debian's Chromium (through playwright-core, as the
// chromium engine drives it) opens the page from a server on a real socket and a person's
// steps are played: enter a key, type in the editor, break the template, fill a variable,
// save twice, reload, find the versions, mint a signed URL and fetch it. Screenshots at 1280
// and 800 px go to test/output/ for a person to look at.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../src/engines/chromium/find.ts';
import { createTestApp, TEST_KEY, tempDir, type TestApp } from '../helpers/app.ts';
import { cspDirectives } from '../helpers/csp.ts';
import { decode, pixelAt, type Pixels } from '../helpers/image.ts';

const execFileAsync = promisify(execFile);
const OUTPUT = path.resolve(import.meta.dirname, '../output');
const chromiumPath = findChromium();

let t: TestApp;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const requestedUrls: string[] = [];
const pageErrors: string[] = [];

/**
 * The preview's current image at its natural size, read back through a canvas (the page's CSP
 * refuses fetch() of its own blob: URLs, as it should).
 */
async function previewImage(): Promise<Pixels> {
  const dataUrl = await page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('#preview-image')!;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png');
  });
  return decode(Buffer.from(dataUrl.split(',')[1]!, 'base64'));
}

/** Waits for the preview to settle on a run newer than `after`; answers its state and run. */
async function settled(after: number): Promise<{ state: string; run: number }> {
  await page.waitForFunction(
    (after) => {
      const el = document.querySelector<HTMLElement>('#preview')!;
      return Number(el.dataset.run) > after && (el.dataset.state === 'ready' || el.dataset.state === 'error');
    },
    after,
    { timeout: 20_000 },
  );
  return page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('#preview')!;
    return { state: el.dataset.state!, run: Number(el.dataset.run) };
  });
}

const currentRun = () =>
  page.evaluate(() => Number(document.querySelector<HTMLElement>('#preview')!.dataset.run));

/** Fraction of pixels that differ between two images of one size. */
function differing(a: Pixels, b: Pixels): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let count = 0;
  for (let i = 0; i < a.data.length; i += a.channels) {
    if (
      Math.abs(a.data[i]! - b.data[i]!) +
        Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
        Math.abs(a.data[i + 2]! - b.data[i + 2]!) >
      30
    )
      count++;
  }
  return count / (a.width * a.height);
}

function countNear(p: Pixels, rgb: [number, number, number], tolerance = 40): number {
  let count = 0;
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++) {
      const [r, g, b] = pixelAt(p, x, y);
      if (Math.abs(r - rgb[0]) + Math.abs(g - rgb[1]) + Math.abs(b - rgb[2]) < tolerance) count++;
    }
  return count;
}

/** Types `text` at the end of the editor's document. */
async function typeAtEnd(text: string) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText(text);
}

describe.skipIf(!chromiumPath)('the Studio in Chromium', () => {
  beforeAll(async () => {
    fs.mkdirSync(OUTPUT, { recursive: true });
    t = await createTestApp();
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    // Every CSP violation the page meets is recorded, so a policy that blocks part of the page fails.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const list = ((window as unknown as { __csp?: string[] }).__csp ??= []);
        list.push(
          `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`,
        );
      });
    });
    page = await context.newPage();
    page.on('request', (request) => requestedUrls.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks for a key once, refuses a wrong one with its code, and keeps a good one out of every URL', async () => {
    const res = await page.goto(`${origin}/`);
    expect(page.url()).toBe(`${origin}/studio`);
    const csp = cspDirectives(res!.headers()['content-security-policy']!);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'none'"]);

    await page.waitForSelector('#key-dialog[open]');
    await page.fill('#key-input', 'pk_wrong_key_123');
    await page.click('#key-dialog button[type=submit]');
    await expect.poll(() => page.textContent('#key-error')).toContain('UNAUTHORIZED');

    await page.fill('#key-input', TEST_KEY);
    await page.click('#key-dialog button[type=submit]');
    const first = await settled(0);
    expect(first.state).toBe('ready');
    expect(await page.isVisible('#key-dialog')).toBe(false);
    expect(await page.evaluate(() => localStorage.getItem('placard.studio.key'))).toBe(TEST_KEY);
    // The editor shows the starter with its highlighting (CodeMirror's stylesheet got past the CSP).
    expect(await page.locator('.cm-content').textContent()).toContain('{{title}}');
    const tokenColours = await page.$$eval(
      '.cm-line span',
      (spans) => new Set(spans.map((s) => getComputedStyle(s).color)).size,
    );
    expect(tokenColours).toBeGreaterThan(3);
    // The engine, time and cache outcome are shown; so is the fit report from /v1/validate.
    expect(await page.textContent('[data-meta=engine]')).toBe('engine native');
    expect(await page.textContent('[data-meta=cache]')).toMatch(/cache (MISS|HIT)/);
    expect(await page.textContent('#fit')).toMatch(/title\s*2/);
  });

  it('re-renders as the source is typed', async () => {
    const before = await previewImage();
    const run = await currentRun();
    await typeAtEnd('\n<style>.card { background: #dc2626; }</style>');
    expect((await settled(run)).state).toBe('ready');
    const after = await previewImage();
    expect(differing(before, after)).toBeGreaterThan(0.5);
    expect(pixelAt(after, 20, 20).slice(0, 3)).toEqual([220, 38, 38]);
  });

  it('shows a broken template’s error code and message over the last image, and recovers', async () => {
    const run = await currentRun();
    await typeAtEnd('{{#if title}}');
    expect((await settled(run)).state).toBe('error');
    expect(await page.textContent('#preview-error .code')).toBe('TEMPLATE_COMPILE_FAILED');
    expect(await page.textContent('#preview-error .message')).toContain('Handlebars syntax error');
    expect(await page.isVisible('#preview-image')).toBe(true);

    const broken = await currentRun();
    await page.keyboard.press('Control+z');
    expect((await settled(broken)).state).toBe('ready');
    expect(await page.isVisible('#preview-error')).toBe(false);
    // Undo took back only the broken block: the red background typed before it stays.
    expect(pixelAt(await previewImage(), 20, 20).slice(0, 3)).toEqual([220, 38, 38]);
  });

  it('draws a variable filled in the form', async () => {
    const before = await previewImage();
    expect(countNear(before, [0, 255, 0])).toBe(0);
    const run = await currentRun();
    await page.fill('[data-var=accent] input[type=text]', '#00ff00');
    expect((await settled(run)).state).toBe('ready');
    // The tag pill and the footer dot are drawn in the accent.
    expect(countNear(await previewImage(), [0, 255, 0])).toBeGreaterThan(2000);

    const titled = await currentRun();
    await page.fill('[data-var=title] input', 'Typed into the form');
    expect((await settled(titled)).state).toBe('ready');
    const after = await previewImage();
    // The preview is exactly what the API draws for that source and those variables.
    const source = await page.evaluate(() => document.querySelector('.cm-content')!.textContent);
    expect(source).toContain('{{title}}');
    const direct = await fetch(`${origin}/v1/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        html: await page.evaluate(() => JSON.parse(localStorage.getItem('placard.studio.doc')!).source),
        variables: await page.evaluate(
          () => JSON.parse(localStorage.getItem('placard.studio.doc')!).variables,
        ),
        width: 1200,
        height: 630,
        scale: 1,
        format: 'png',
      }),
    });
    expect(differing(after, await decode(Buffer.from(await direct.arrayBuffer())))).toBe(0);
    expect(differing(before, after)).toBeGreaterThan(0.001);
  });

  it('saves a template, saves a second version, and finds both after a reload', async () => {
    await page.fill('#doc-name', 'Studio e2e card');
    await page.click('#save');
    await expect.poll(() => page.textContent('#doc-status')).toBe('html · v1');
    await typeAtEnd('\n<!-- second version -->');
    await expect.poll(() => page.textContent('#doc-status')).toContain('unsaved changes');
    await page.click('#save');
    await expect.poll(() => page.textContent('#doc-status')).toBe('html · v2');

    // A reload with the working copy forgotten: the key is remembered, the template is found.
    await page.evaluate(() => localStorage.removeItem('placard.studio.doc'));
    await page.reload();
    await settled(0);
    expect(await page.isVisible('#key-dialog')).toBe(false);
    expect(await page.inputValue('#doc-name')).toBe('Article card');
    await page.click('#open-gallery');
    const mine = page.locator('.tile', { hasText: 'Studio e2e card' });
    await mine.waitFor();
    expect(await mine.textContent()).toContain('html · v2');
    await mine.click();
    await expect.poll(() => page.textContent('#doc-status')).toBe('html · v2');
    // The values last used with it in this browser come back with it.
    await expect.poll(() => page.inputValue('[data-var=title] input')).toBe('Typed into the form');
    expect(await page.locator('.cm-content').textContent()).toContain('<!-- second version -->');

    await page.click('[data-tab=versions]');
    await page.locator('[data-version="1"]').waitFor();
    expect(
      await page
        .locator('.versions li')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-version'))),
    ).toEqual(['2', '1']);
    // Open version 1: the editor holds its source and the preview renders the pinned version.
    const run = await currentRun();
    await page.click('[data-version="1"] button');
    await expect.poll(() => page.textContent('#doc-status')).toBe('html · v1');
    expect(await page.locator('.cm-content').textContent()).not.toContain('second version');
    expect((await settled(run)).state).toBe('ready');
    await page.locator('[data-version="1"].pinned').waitFor();
    await page.waitForFunction(() => {
      const tiles = [...document.querySelectorAll('.versions img')] as HTMLImageElement[];
      return tiles.length === 2 && tiles.every((img) => img.complete && img.naturalWidth > 0);
    });
    await page.screenshot({ path: path.join(OUTPUT, 'studio-versions.png') });
  });

  it('gives curl and TypeScript for the pinned version and a signed URL that serves the image', async () => {
    await page.click('[data-tab=use]');
    const curl = await page.textContent('#use-curl');
    expect(curl).toContain(`${origin}/v1/render`);
    expect(curl).toMatch(/"template_id": "tpl_[\w-]+"/);
    expect(curl).toContain('"version": 1');
    expect(await page.textContent('#use-ts')).toContain('JSON.stringify({\n    "template_id"');

    await page.click('#mint-url');
    await page.locator('#copy-url').waitFor();
    await page.click('#copy-url');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(new RegExp(`^${origin}/v1/image\\?`));
    expect(await page.textContent('#use-meta')).toContain('<meta property="og:image" content="');
    await page.screenshot({ path: path.join(OUTPUT, 'studio-use-it.png'), fullPage: true });

    const image = await fetch(copied); // no key: the signature is the credential
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const pixels = await decode(Buffer.from(await image.arrayBuffer()));
    expect([pixels.width, pixels.height]).toEqual([1200, 630]);
    // Version 1 with the variables of the form: exactly the preview (red background, green accent).
    expect(pixelAt(pixels, 20, 20).slice(0, 3)).toEqual([220, 38, 38]);
    expect(countNear(pixels, [0, 255, 0])).toBeGreaterThan(2000);
    expect(differing(pixels, await previewImage())).toBe(0);
  });

  it('opens a preset from the gallery as a copy and renders it', async () => {
    await page.click('#open-gallery');
    await page.waitForFunction(() => document.querySelectorAll('#gallery .tile.drawn').length >= 8);
    await page.screenshot({ path: path.join(OUTPUT, 'studio-gallery.png') });
    await page.click('[data-tile="preset:social-card"]');
    await expect.poll(() => page.textContent('#doc-status')).toBe('preset · built in');
    expect(await page.isDisabled('#save')).toBe(true);
    expect((await settled(await currentRun())).state).toBe('ready');
    expect(await page.locator('[data-var=title] textarea, [data-var=title] input').first().isVisible()).toBe(
      true,
    );
  });

  it('gives curl and TypeScript for an unsaved source that, when run, draw the preview', async () => {
    await page.click('#open-gallery');
    await page.click('[data-tile=html-card]');
    let run = await currentRun();
    await settled(run);
    // A quote in the source: the command must survive the shell's quoting.
    run = await currentRun();
    await typeAtEnd("\n<!-- it's the studio's -->");
    expect((await settled(run)).state).toBe('ready');
    await page.click('[data-tab=use]');
    await expect.poll(() => page.textContent('#use-curl')).toContain("it'\\''s the studio'\\''s");
    await page.click('[data-copy=use-curl]');
    const command = await page.evaluate(() => navigator.clipboard.readText());
    expect(command).toContain('"html": "<style>');
    expect(await page.locator('#mint-url').count()).toBe(0);
    expect(await page.textContent('#tab-use')).toContain('Save the template to mint a public URL');

    const dir = tempDir('placard-studio-curl-');
    // Async: the server answering curl runs in this very process.
    await execFileAsync('bash', ['-c', command], {
      cwd: dir,
      env: { ...process.env, API_KEY: TEST_KEY },
    });
    const drawn = await decode(fs.readFileSync(path.join(dir, 'card.png')));
    const preview = await previewImage();
    expect(differing(drawn, preview)).toBe(0);

    // The TypeScript snippet, run as a module by Node, writes the same image.
    await page.click('[data-copy=use-ts]');
    const script = await page.evaluate(() => navigator.clipboard.readText());
    fs.rmSync(path.join(dir, 'card.png'));
    fs.writeFileSync(path.join(dir, 'snippet.mjs'), script);
    await execFileAsync(process.execPath, ['snippet.mjs'], {
      cwd: dir,
      env: { ...process.env, API_KEY: TEST_KEY },
    });
    expect(differing(await decode(fs.readFileSync(path.join(dir, 'card.png'))), preview)).toBe(0);
  });

  it('sizes the render from the pickers and draws an uploaded image', async () => {
    await page.click('#open-gallery');
    await page.click('[data-tile=html-card]');
    await page.click('.cm-content');
    await page.keyboard.press('Control+a');
    // Cleared by CodeMirror's own command first: Chromium's native replace of a multi-line
    // selection adds style attributes to keep the look of the text it removes, which the page's
    // CSP refuses (harmlessly: CodeMirror redraws its lines anyway), and this test counts refusals.
    await page.keyboard.press('Backspace');
    let run = await currentRun();
    await page.keyboard.insertText(
      '<div style="display: flex; width: 100%; height: 100%; background: #ffffff">' +
        '<img src="{{logo}}" style="width: 200px; height: 200px"></div>',
    );
    await page.fill('#out-width', '400');
    await page.fill('#out-height', '200');
    expect((await settled(run)).state).toBe('ready');
    await page.click('[data-tab=variables]');
    await page.locator('[data-var=logo] .type', { hasText: 'image' }).waitFor();

    const blue = await sharp({
      create: { width: 40, height: 40, channels: 3, background: { r: 0, g: 0, b: 255 } },
    })
      .png()
      .toBuffer();
    run = await currentRun();
    await page.setInputFiles('[data-var=logo] input[type=file]', {
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: blue,
    });
    expect((await settled(run)).state).toBe('ready');
    expect(await page.textContent('[data-var=logo]')).toContain('logo.png');
    const drawn = await previewImage();
    expect([drawn.width, drawn.height]).toEqual([400, 200]);
    // The 200 x 200 box on the left is the uploaded blue square, scaled; the rest stays white.
    expect(countNear(drawn, [0, 0, 255])).toBeGreaterThan(200 * 200 * 0.95);
    expect(pixelAt(drawn, 300, 100).slice(0, 3)).toEqual([255, 255, 255]);
  });

  it('lays out at 1280 and 800 px (screenshots in test/output) with no CSP violation and no key in any URL', async () => {
    await page.click('#open-gallery');
    await page.click('[data-tile=html-card]');
    await settled(await currentRun());
    await page.click('[data-tab=variables]');
    await page.locator('.preview-pane').evaluate((pane) => pane.scrollTo(0, 0));
    await page.screenshot({ path: path.join(OUTPUT, 'studio-1280.png') });
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.screenshot({ path: path.join(OUTPUT, 'studio-800.png') });
    // At 800 px the editor sits above the preview and nothing runs off the side.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const editor = await page.locator('.editor-pane').boundingBox();
    const preview = await page.locator('.preview-pane').boundingBox();
    expect(preview!.y).toBeGreaterThanOrEqual(editor!.y + editor!.height - 1);

    expect(await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requestedUrls.filter((url) => url.includes(TEST_KEY))).toEqual([]);
    expect(requestedUrls.filter((url) => !url.startsWith(origin) && !/^(blob|data):/.test(url))).toEqual([]);
  });
});
