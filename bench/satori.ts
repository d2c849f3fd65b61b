// Bench path "satori": satori + @resvg/resvg-js, the @vercel/og stack and the baseline. Each
// render lays the card out to SVG with satori and rasterises it with resvg, as @vercel/og does.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import satori, { type Font } from 'satori';
import { card } from './lib/card.ts';
import { measure } from './lib/measure.ts';
import { satoriCard } from './satori-card.ts';

const require = createRequire(import.meta.url);

/** Inter 400 and 700 (latin + latin-ext) as .woff: satori cannot read woff2. */
async function interFonts(): Promise<Font[]> {
  const faces = [400, 700].flatMap((weight) => ['latin', 'latin-ext'].map((subset) => ({ weight, subset })));
  return Promise.all(
    faces.map(async ({ weight, subset }) => ({
      name: 'Inter',
      data: await readFile(require.resolve(`@fontsource/inter/files/inter-${subset}-${weight}-normal.woff`)),
      weight: weight as Font['weight'],
      style: 'normal' as const,
    })),
  );
}

await measure('satori', async () => {
  const fonts = await interFonts();
  const element = satoriCard();
  return {
    async render() {
      // A plain element tree; with @types/react installed satori types its argument as a ReactNode.
      const svg = await satori(element as Parameters<typeof satori>[0], {
        width: card.width,
        height: card.height,
        fonts,
      });
      return { data: new Resvg(svg).render().asPng() };
    },
  };
});
