import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumEngine, type ChromiumEngine } from './engine.ts';
import { chromiumPath } from '../../../test/helpers/chromium.ts';
import { inkBox, pixels, renderOptions, type Pixels } from '../../../test/helpers/engine.ts';

let engine: ChromiumEngine;
let server: Server;
let origin: string;
const requests: string[] = [];
let dir: string;

const draw = async (html: string, overrides: Parameters<typeof renderOptions>[0] = {}) =>
  pixels(await engine.render(engine.prepare({ html }), renderOptions(overrides)));

const solid = (colour: string) =>
  sharp({ create: { width: 8, height: 8, channels: 4, background: colour } })
    .png()
    .toBuffer();

/** Whether any pixel is (close to) pure magenta, the colour every forbidden resource is painted in. */
function hasMagenta(image: Pixels): boolean {
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i] ?? 0, image.data[i + 1] ?? 0, image.data[i + 2] ?? 0];
    if (r > 200 && g < 60 && b > 200) return true;
  }
  return false;
}

describe.skipIf(!chromiumPath)('chromium engine isolation', () => {
  beforeAll(async () => {
    engine = createChromiumEngine({ executablePath: chromiumPath });
    const magenta = await solid('#ff00ff');
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(magenta);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'placard-chromium-test-'));
    writeFileSync(path.join(dir, 'secret.png'), magenta);
    writeFileSync(path.join(dir, 'secret.html'), '<body style="background:#f0f">secret</body>');
  });
  afterAll(async () => {
    await engine.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs no JavaScript: a script that would change the page does nothing', async () => {
    const html =
      '<div id="a" style="width:40px;height:40px;background:red"></div>' +
      '<script>document.getElementById("a").style.background = "blue"</script>' +
      '<img src="data:," onerror="document.body.style.background=\'blue\'">';
    const image = await draw(html);
    expect(image.at(20, 20)).toEqual([255, 0, 0, 255]);
    expect(image.at(150, 80)).toEqual([255, 255, 255, 255]);
  });

  it('never requests a URL the pipeline did not supply, whatever the element', async () => {
    const html =
      `<img src="${origin}/img.png" style="width:20px;height:20px">` +
      `<div style="width:20px;height:20px;background-image:url(${origin}/bg.png)"></div>` +
      `<style>@font-face{font-family:Remote;src:url(${origin}/font.woff2)} @import url(${origin}/import.css);` +
      `p{font-family:Remote}</style><p>text</p>` +
      `<link rel="stylesheet" href="${origin}/style.css"><iframe src="${origin}/frame.html"></iframe>` +
      `<video poster="${origin}/poster.png"></video><object data="${origin}/object.png"></object>` +
      `<picture><source srcset="${origin}/source.png"><img src="data:,"></picture>` +
      `<script src="${origin}/script.js"></script><svg><image href="${origin}/svg.png"/></svg>` +
      `<meta http-equiv="refresh" content="0;url=${origin}/refresh">`;
    const image = await draw(html);
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything late would arrive now
    expect(requests).toEqual([]);
    expect(hasMagenta(image)).toBe(false);
    // The page is still usable after a template that tried to navigate it away.
    expect(inkBox(await draw('<div style="width:10px;height:10px;background:#000"></div>'))).toEqual([
      0, 0, 10, 10,
    ]);
  });

  it('draws the images the pipeline supplied, matched however the URL is written', async () => {
    const red = await solid('#ff0000');
    const green = await solid('#00ff00');
    const html =
      `<img src="${origin}/supplied.png" style="width:40px;height:40px">` +
      '<div style="width:40px;height:40px;background:url(\'https://img.test/a b.png\') 0 0/cover"></div>';
    const assets = new Map<string, Uint8Array>([
      [`${origin}/supplied.png`, red],
      ['https://img.test/a b.png', green],
    ]);
    const image = await draw(html, { assets });
    expect(image.at(20, 20)).toEqual([255, 0, 0, 255]);
    expect(image.at(20, 60)).toEqual([0, 255, 0, 255]);
    expect(requests).toEqual([]);
  });

  it('draws the new bytes when an asset URL drawn before comes with other bytes', async () => {
    const url = 'https://img.test/changing.png';
    const html = `<img src="${url}" style="width:40px;height:40px">`;
    const first = await draw(html, { assets: new Map([[url, await solid('#ff0000')]]) });
    const second = await draw(html, { assets: new Map([[url, await solid('#0000ff')]]) });
    expect(first.at(20, 20)).toEqual([255, 0, 0, 255]);
    expect(second.at(20, 20)).toEqual([0, 0, 255, 255]);
  });

  it('refuses file: URLs in images, frames and CSS', async () => {
    const html =
      `<iframe src="file:///etc/passwd" style="width:100px;height:50px;border:0"></iframe>` +
      `<iframe src="file://${dir}/secret.html" style="width:100px;height:50px;border:0"></iframe>` +
      `<img src="file://${dir}/secret.png" style="width:20px;height:20px">` +
      `<div style="width:20px;height:20px;background:url(file://${dir}/secret.png)"></div>`;
    const image = await draw(html, { height: 200 });
    expect(hasMagenta(image)).toBe(false);
    expect(engine.prepare({ html }).assetUrls).toContain(`file://${dir}/secret.png`); // listed, never drawn
  });

  it('draws data: URL images, which never leave the browser', async () => {
    const png = (await solid('#00ff00')).toString('base64');
    const image = await draw(`<img src="data:image/png;base64,${png}" style="width:30px;height:30px">`);
    expect(image.at(15, 15)).toEqual([0, 255, 0, 255]);
  });
});
