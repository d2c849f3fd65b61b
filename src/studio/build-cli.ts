// `npm run build:studio`: bundles the Studio page into build/studio (see bundle.ts).
import { buildStudio, STUDIO_OUTPUT } from './bundle.ts';

const started = performance.now();
const files = await buildStudio();
console.log(
  `studio: ${files.length} files in ${STUDIO_OUTPUT} (${Math.round(performance.now() - started)} ms)`,
);
