// HTMLPix's JSX starter templates.
export { isStarterId, starterById, starters, STARTER_PREFIX } from './catalog.ts';
export type { Starter } from './types.ts';
