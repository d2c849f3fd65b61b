// Bench path "placard-font": the standard card set in an account's uploaded WOFF2 font (Inter's
// variable Latin subset uploaded as "Brand Sans", through the same library POST /v1/fonts uses),
// so the cost of account fonts shows next to the bundled-font card ("placard").
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { card } from './lib/card.ts';
import { measure } from './lib/measure.ts';
import { placardCard } from './lib/placard-card.ts';

const require = createRequire(import.meta.url);
const woff2 = readFileSync(require.resolve('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'));

await measure('placard-font', () =>
  placardCard({
    html: card.html.replace('font-family: Inter;', "font-family: 'Brand Sans';"),
    async prepare(services, accountId) {
      await services.fonts!.add(accountId, woff2, { family: 'Brand Sans' });
    },
  }),
);
