// Bench path "takumi": a bare Takumi call, the floor Placard is measured against. The card is
// bound and parsed once; each render only draws and encodes, as a hand-written service would.
// Its result line also carries the layout / raster / encode split (bench/lib/phases.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Renderer } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import { boundCardHtml, card } from './lib/card.ts';
import { CONCURRENCY, measure } from './lib/measure.ts';
import { takumiPhases } from './lib/phases.ts';

const require = createRequire(import.meta.url);

/** Inter 400 and 700, latin + latin-ext, from @fontsource/inter. */
async function registerInter(renderer: Renderer): Promise<void> {
  const faces = [400, 700].flatMap((weight) => ['latin', 'latin-ext'].map((subset) => ({ weight, subset })));
  await Promise.all(
    faces.map(async ({ weight, subset }) => {
      const file = require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff2`);
      await renderer.registerFont({ name: 'Inter', data: await readFile(file), weight, style: 'normal' });
    }),
  );
}

await measure('takumi', async () => {
  const renderer = new Renderer();
  await registerInter(renderer);
  const { node, css } = fromHtml(boundCardHtml());
  const options = { width: card.width, height: card.height, format: 'png' as const, css };
  return {
    render: async () => ({ data: await renderer.render(node, options) }),
    // Layout, raster and encode of the same call, and other PNG encoders on its pixels.
    extra: () => takumiPhases(renderer, node, options, CONCURRENCY),
  };
});
