// Bench path "placard-tailwind": the standard card written in Tailwind utility classes
// (bench/tailwind-card.html), with an account theme, so the cost of compiling classes (once
// per class set and theme, then cached) shows next to the hand-written CSS card ("placard").
import { readFileSync } from 'node:fs';
import { measure } from './lib/measure.ts';
import { placardCard } from './lib/placard-card.ts';

const html = readFileSync(new URL('tailwind-card.html', import.meta.url), 'utf8');

await measure('placard-tailwind', () =>
  placardCard({
    html,
    async prepare(services, accountId) {
      await services.themes!.put(
        accountId,
        '@theme { --color-brand: #6366f1; --font-display: Inter, sans-serif; }',
      );
    },
  }),
);
