// The engine contract: every Engine (native Takumi, Chromium) passes these same tests, checked
// on decoded pixels, sizes and formats. What only one engine does stays in its own test file.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Engine, EngineOutput } from '../../src/engines/types.ts';
import {
  differingPixels,
  hasSaturatedPixel,
  inkBox,
  pixels,
  renderOptions,
  type Pixels,
} from '../helpers/engine.ts';

export type EngineFactory = () => Promise<Engine> | Engine;
type Overrides = Parameters<typeof renderOptions>[0];

/** A few hundred milliseconds of work for either engine (3000x3000 blurred gradient). */
const SLOW = {
  html: '<div style="width:3000px;height:3000px;background:linear-gradient(red,blue);filter:blur(40px)"></div>',
  size: { width: 3000, height: 3000 },
};

const box = (width: number, height: number, colour = 'red') =>
  `<div style="width:${width}px;height:${height}px;background:${colour}"></div>`;

export function runEngineContract(name: string, factory: EngineFactory): void {
  describe(`engine contract: ${name}`, () => {
    let opened: Engine | undefined;
    const engine = (): Engine => opened ?? fail('engine not open');
    const render = (html: string, overrides: Overrides = {}): Promise<EngineOutput> =>
      engine().render(engine().prepare({ html }), renderOptions(overrides));
    const draw = async (html: string, overrides: Overrides = {}): Promise<Pixels> =>
      pixels(await render(html, overrides));

    beforeAll(async () => {
      opened = await factory();
      await render(box(10, 10)); // warm: a browser is started, fonts are registered
    });
    afterAll(async () => {
      await opened?.close();
    });

    describe('sizes and scale', () => {
      it('draws a PNG of exactly the asked size, filled edge to edge by a 100% box', async () => {
        const fill = '<div style="width:100%;height:100%;background:#f00"></div>';
        for (const [width, height] of [
          [1200, 630],
          [333, 77],
          [40, 900],
        ] as const) {
          const output = await render(fill, { width, height });
          expect(output).toMatchObject({ format: 'png', width, height });
          expect(await sharp(output.data).metadata()).toMatchObject({ format: 'png', width, height });
          const image = await pixels(output);
          expect(inkBox(image)).toEqual([0, 0, width, height]);
          expect(image.at(width - 1, height - 1)).toEqual([255, 0, 0, 255]);
        }
      });

      it('has no body margin, and a fragment root of height 100% fills the card', async () => {
        expect(inkBox(await draw(box(30, 20)))).toEqual([0, 0, 30, 20]);
        const tall = '<div style="height:100%;width:10px;background:red"></div>';
        expect(inkBox(await draw(tall))).toEqual([0, 0, 10, 100]);
      });

      it('multiplies the output pixels by the scale and keeps the layout in CSS pixels', async () => {
        for (const scale of [2, 1.5, 3]) {
          const output = await render(box(50, 20), { scale });
          expect(output).toMatchObject({ width: 200 * scale, height: 100 * scale });
          expect(await sharp(output.data).metadata()).toMatchObject({
            width: 200 * scale,
            height: 100 * scale,
          });
          expect(inkBox(await pixels(output))).toEqual([0, 0, 50 * scale, 20 * scale]);
        }
      });

      it('sizes boxes as content-box by default, as a browser does, unless the template says otherwise', async () => {
        const styles = 'width:100px;height:40px;padding:10px;border:5px solid black;background:red';
        expect(inkBox(await draw(`<div style="${styles}"></div>`))).toEqual([0, 0, 130, 70]);
        const own = `<div style="box-sizing:border-box;${styles}"></div>`;
        expect(inkBox(await draw(own))).toEqual([0, 0, 100, 40]);
        const global = `<style>*,*::before{box-sizing:border-box}</style><div style="${styles}"></div>`;
        expect(inkBox(await draw(global))).toEqual([0, 0, 100, 40]);
      });

      it('moves what follows a padded box down by the padding, as a browser does', async () => {
        const html =
          '<div style="display:flex;flex-direction:column"><div style="height:20px;padding:10px"></div>' +
          '<div style="width:20px;height:20px;background:blue"></div></div>';
        expect(inkBox(await draw(html))).toEqual([0, 40, 20, 20]);
      });
    });

    describe('formats', () => {
      const html = '<div style="background:#0a0;width:100px;height:50px">Hi</div>';

      it('encodes png, jpeg and webp, with or without a quality, at the asked size', async () => {
        for (const format of ['png', 'jpeg', 'webp'] as const) {
          for (const quality of [80, undefined]) {
            const output = await render(html, { format, quality });
            expect(output).toMatchObject({ format, width: 200, height: 100 });
            expect(await sharp(output.data).metadata()).toMatchObject({ format, width: 200, height: 100 });
            // Lossy formats move colours a little; the green box is still green, the page white.
            const image = await pixels(output);
            const [r, g, b] = image.at(10, 40);
            expect(g).toBeGreaterThan(150);
            expect(Math.max(r, b)).toBeLessThan(30);
            expect(Math.min(...image.at(150, 80).slice(0, 3))).toBeGreaterThan(240);
          }
        }
      });

      it('encodes jpeg and webp smaller at a lower quality', async () => {
        const photo =
          '<div style="width:100%;height:100%;background:linear-gradient(45deg,#f00,#0f0,#00f,#ff0)">' +
          '<p style="font-size:30px">Quality matters</p></div>';
        for (const format of ['jpeg', 'webp'] as const) {
          const [low, high] = await Promise.all(
            [20, 95].map((quality) => render(photo, { format, quality })),
          );
          expect(low!.data.length).toBeLessThan(high!.data.length);
        }
      });

      it('returns raw RGBA, 4 bytes a pixel, for the pipeline to encode', async () => {
        const raw = await render(html, { format: 'raw' });
        expect(raw).toMatchObject({ format: 'raw', width: 200, height: 100 });
        expect(raw.data.length).toBe(200 * 100 * 4);
        expect([...raw.data.subarray(0, 4)]).toEqual([0, 170, 0, 255]);
        const scaled = await render(html, { format: 'raw', scale: 2 });
        expect(scaled.data.length).toBe(400 * 200 * 4);
      });
    });

    describe('background and transparency', () => {
      const html = box(50, 50, '#00f');

      it('draws a template without a background on white, on a given colour, or transparent', async () => {
        expect((await draw(html)).at(150, 80)).toEqual([255, 255, 255, 255]);
        expect((await draw(html, { background: '#ff8800' })).at(150, 80)).toEqual([255, 136, 0, 255]);
        const transparent = await draw(html, { background: 'transparent' });
        expect(transparent.at(150, 80)[3]).toBe(0);
        expect(transparent.at(10, 10)).toEqual([0, 0, 255, 255]);
      });

      it('keeps the alpha channel in PNG and raw output when the page is transparent', async () => {
        const png = await render(html, { background: 'transparent' });
        expect(await sharp(png.data).metadata()).toMatchObject({ format: 'png', hasAlpha: true });
        const raw = await render(html, { background: 'transparent', format: 'raw' });
        expect(raw.data[raw.data.length - 1]).toBe(0); // the last pixel's alpha: nothing drawn there
        expect([...raw.data.subarray(0, 4)]).toEqual([0, 0, 255, 255]);
      });

      it('lays the template out the same whatever the background', async () => {
        const centred =
          '<div style="display:flex;width:100%;height:100%;align-items:center;justify-content:center">' +
          '<div style="width:50%;height:50%;background:green"></div></div>';
        expect(inkBox(await draw(centred, { background: 'white' }))).toEqual([50, 25, 100, 50]);
        const transparent = await draw(centred, { background: 'transparent' });
        expect(transparent.at(50, 25)[3]).toBe(255);
        expect(transparent.at(49, 24)[3]).toBe(0);
      });

      it('rejects a background that is not a CSS colour as a validation error', async () => {
        const failure = await draw('<div></div>', { background: 'not-a-colour' }).catch(
          (error: unknown) => error,
        );
        expect(failure).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
      });
    });

    describe('fonts and emoji', () => {
      const text = (family: string) =>
        draw(`<div style="font-family:${family};font-size:40px">Hamburgefonts</div>`, { width: 400 });

      it('draws with the bundled fonts: a named family, Inter for an unknown one and for sans-serif', async () => {
        const [inter, playfair, unknown, sans, serif, mono] = await Promise.all(
          ['Inter', "'Playfair Display'", "'Comic Sans MS'", 'sans-serif', 'serif', 'monospace'].map(text),
        );
        expect(inkBox(inter!)[2]).toBeGreaterThan(200); // the word is drawn, not a blank page
        const unlikeInter = differingPixels(inter!, playfair!);
        expect(unlikeInter).toBeGreaterThan(1000);
        expect(differingPixels(inter!, mono!)).toBeGreaterThan(1000);
        // Unknown and generic families reach the same files (Chromium through fontconfig instead
        // of @font-face: same glyphs and advances, a few edge pixels antialiased differently).
        for (const [same, as] of [
          [unknown!, inter!],
          [sans!, inter!],
          [serif!, playfair!],
        ] as const) {
          expect(inkBox(same)).toEqual(inkBox(as));
          expect(differingPixels(same, as)).toBeLessThan(unlikeInter / 10);
        }
      });

      it('draws CJK and Arabic text from the bundled families', async () => {
        const blank = await draw('<div></div>');
        const cjk = await draw('<div style="font-size:40px">日本語</div>');
        const arabic = await draw('<div style="font-size:40px">مرحبا</div>');
        expect(differingPixels(blank, cjk)).toBeGreaterThan(300);
        expect(differingPixels(blank, arabic)).toBeGreaterThan(100);
      });

      it('draws emoji in colour from the local Twemoji set, without any network', async () => {
        const fetchSpy = vi.spyOn(globalThis, 'fetch');
        try {
          const prepared = engine().prepare({ html: '<div style="font-size:60px">😀🎉</div>' });
          expect(prepared.assetUrls).toEqual([]);
          const image = await pixels(await engine().render(prepared, renderOptions()));
          expect(hasSaturatedPixel(image)).toBe(true);
          expect(fetchSpy).not.toHaveBeenCalled();
        } finally {
          fetchSpy.mockRestore();
        }
      });
    });

    describe('documents and assets', () => {
      it('lists remote assets to load (not data: URLs, not inline SVG) and the fonts it lacks', () => {
        const prepared = engine().prepare({
          html:
            '<img src="https://a.test/x.png"><div style="background:url(https://a.test/bg.png)"></div>' +
            '<svg width="4" height="4"><rect width="4" height="4"/></svg><img src="data:image/png;base64,AA">' +
            '<div style="font-family:Nope">x</div>',
        });
        expect(prepared.assetUrls).toEqual(['https://a.test/x.png', 'https://a.test/bg.png']);
        expect(prepared.missingFonts).toEqual(['Nope']);
      });

      it('takes a full HTML document: head styles and body attributes count, with browser body margins', async () => {
        const html =
          '<!doctype html><html lang="en"><head><style>.x{background:#f00;width:20px;height:20px}</style></head>' +
          '<body class="b" style="margin:5px"><style>.b .x{background:#00f}</style><div class="x"></div></body></html>';
        const image = await draw(html);
        expect(inkBox(image)).toEqual([5, 5, 20, 20]);
        expect(image.at(10, 10)).toEqual([0, 0, 255, 255]);
      });

      it('draws an image it was given by URL beside a data: URL image', async () => {
        const red = await sharp({ create: { width: 4, height: 4, channels: 4, background: 'red' } })
          .png()
          .toBuffer();
        const html =
          '<img src="https://img.test/a.png" style="width:40px;height:40px">' +
          `<img src="data:image/png;base64,${red.toString('base64')}" style="width:40px;height:40px">`;
        const prepared = engine().prepare({ html });
        expect(prepared.assetUrls).toEqual(['https://img.test/a.png']);
        const assets = new Map([['https://img.test/a.png', red]]);
        const image = await pixels(await engine().render(prepared, renderOptions({ assets })));
        expect(image.at(20, 20)).toEqual([255, 0, 0, 255]);
        expect(image.at(60, 20)).toEqual([255, 0, 0, 255]); // images are inline: side by side
      });

      it('refuses a document it did not prepare as RENDER_FAILED', async () => {
        const foreign = { assetUrls: [], missingFonts: [] };
        const failure = await engine()
          .render(foreign, renderOptions())
          .catch((error: unknown) => error);
        expect(failure).toMatchObject({ code: 'RENDER_FAILED' });
      });
    });

    describe('timeouts and cancellation', () => {
      const slow = (signal?: AbortSignal) =>
        engine().render(
          engine().prepare({ html: SLOW.html }),
          renderOptions({ ...SLOW.size, format: 'raw', ...(signal && { signal }) }),
        );

      /** Which of two renders settled first, and how: no clock thresholds, only the order. */
      async function race(signalled: Promise<unknown>, plain: Promise<unknown>) {
        const order: string[] = [];
        const [first, second] = await Promise.allSettled([
          signalled.finally(() => order.push('signalled')),
          plain.finally(() => order.push('plain')),
        ]);
        return { order, signalled: first, plain: second };
      }

      it('rejects with the signal reason, without drawing, when the signal is already aborted', async () => {
        const reason = new Error('gone');
        await expect(render(box(20, 20), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      });

      it('gives up a render when its timeout fires, long before the same render without one ends', async () => {
        const outcome = await race(slow(AbortSignal.timeout(50)), slow());
        expect(outcome.order).toEqual(['signalled', 'plain']);
        expect(outcome.signalled).toMatchObject({
          status: 'rejected',
          reason: { name: 'TimeoutError' },
        });
        expect(outcome.plain).toMatchObject({ status: 'fulfilled', value: { width: 3000, height: 3000 } });
      });

      it('rejects an aborted render with the reason at once, and draws the next render right', async () => {
        const reason = new Error('client left');
        const controller = new AbortController();
        const signalled = slow(controller.signal);
        const plain = slow();
        setTimeout(() => controller.abort(reason), 50); // once both are under way
        const outcome = await race(signalled, plain);
        expect(outcome.order).toEqual(['signalled', 'plain']);
        expect(outcome.signalled).toEqual({ status: 'rejected', reason });
        expect(inkBox(await draw(box(20, 20)))).toEqual([0, 0, 20, 20]);
      });
    });

    describe('after close', () => {
      it('draws nothing once closed, saying so', async () => {
        const closing = await factory();
        expect(
          inkBox(await pixels(await closing.render(closing.prepare({ html: box(5, 5) }), renderOptions()))),
        ).toEqual([0, 0, 5, 5]);
        await closing.close();
        const failure = await closing
          .render(closing.prepare({ html: box(5, 5) }), renderOptions())
          .catch((error: unknown) => error);
        expect((failure as Error).message).toMatch(/closed/);
      });
    });
  });
}

function fail(message: string): never {
  throw new Error(message);
}
