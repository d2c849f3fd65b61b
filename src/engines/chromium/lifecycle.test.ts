import { afterEach, describe, expect, it } from 'vitest';
import { isPlacardError } from '../../errors/placard-error.ts';
import { createChromiumEngine, type ChromiumEngine } from './engine.ts';
import { browserPids, chromiumPath, SLOW_HTML } from '../../../test/helpers/chromium.ts';
import { inkBox, pixels, renderOptions } from '../../../test/helpers/engine.ts';

const engines: ChromiumEngine[] = [];
function engine(options: Parameters<typeof createChromiumEngine>[0] = {}): ChromiumEngine {
  const created = createChromiumEngine({ executablePath: chromiumPath, ...options });
  engines.push(created);
  return created;
}
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const square = (colour: string) => `<div style="width:20px;height:20px;background:${colour}"></div>`;
const draw = (e: ChromiumEngine, html: string, overrides: Parameters<typeof renderOptions>[0] = {}) =>
  e.render(e.prepare({ html }), renderOptions(overrides));
const slow = (e: ChromiumEngine) => draw(e, SLOW_HTML, { width: 1200, height: 630 });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('chromium engine without Chromium', () => {
  it('answers ENGINE_UNAVAILABLE saying how to install it, and is not available', async () => {
    const missing = createChromiumEngine({ executablePath: '/nonexistent/chromium' });
    expect(missing.available).toBe(false);
    const error = await failure(draw(missing, '<p>x</p>'));
    expect(isPlacardError(error) && error.code).toBe('ENGINE_UNAVAILABLE');
    expect(isPlacardError(error) && error.status).toBe(501);
    expect((error as Error).message).toMatch(
      /apt-get install chromium.*PLACARD_CHROMIUM_PATH.*\/nonexistent\/chromium/,
    );
    expect(missing.version).toMatch(/^chromium\/\d+ chrome\/unknown /);
    await missing.close();
  });

  it('answers ENGINE_UNAVAILABLE when the file is there but does not start as a browser', async () => {
    const broken = createChromiumEngine({ executablePath: '/bin/true', launchTimeoutMs: 5_000 });
    const error = await failure(draw(broken, '<p>x</p>'));
    expect(isPlacardError(error) && error.code).toBe('ENGINE_UNAVAILABLE');
    expect((error as Error).message).toMatch(/could not be started/);
    await broken.close();
  });
});

describe.skipIf(!chromiumPath)('chromium engine lifecycle', () => {
  it('starts one browser for concurrent first renders and draws them all, each its own page', async () => {
    const e = engine({ pages: 2 });
    const colours = ['#ff0000', '#00ff00', '#0000ff', '#ffff00', '#00ffff', '#ff00ff'];
    const images = await Promise.all(colours.map(async (colour) => pixels(await draw(e, square(colour)))));
    expect(browserPids()).toHaveLength(1);
    images.forEach((image, i) => {
      const hex = colours[i]!;
      const rgb = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
      expect(image.at(10, 10)).toEqual([...rgb, 255]);
    });
  });

  it('fails the render a crashed browser was drawing, clearly, and draws the next one on a new browser', async () => {
    const e = engine();
    await draw(e, square('red')); // warm: the browser is up
    const [pid] = browserPids();
    const inFlight = failure(slow(e));
    await new Promise((resolve) => setTimeout(resolve, 300));
    process.kill(pid!, 'SIGKILL');
    const error = await inFlight;
    expect(isPlacardError(error) && error.code).toBe('RENDER_FAILED');
    expect((error as Error).message).toMatch(/crashed/);
    expect(inkBox(await pixels(await draw(e, square('red'))))).toEqual([0, 0, 20, 20]);
    expect(browserPids()).not.toContain(pid);
  });

  it('kills a hung browser when the watchdog fires, fails that render clearly, and recovers', async () => {
    const e = engine({ watchdogMs: 1_500 });
    await draw(e, square('red'));
    const [pid] = browserPids();
    process.kill(pid!, 'SIGSTOP'); // the browser stops answering, as a hung one does
    const started = performance.now();
    const error = await failure(draw(e, square('blue')));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(isPlacardError(error) && error.code).toBe('RENDER_FAILED');
    expect((error as Error).message).toMatch(/hung/);
    expect(inkBox(await pixels(await draw(e, square('red'))))).toEqual([0, 0, 20, 20]);
    expect(browserPids()).not.toContain(pid);
  });
});
