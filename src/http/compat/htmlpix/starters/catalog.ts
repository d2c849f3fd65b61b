// The HTMLPix starter catalogue. Starters are JSX like every HTMLPix template, so `GET
// /v1/templates/:id` can show their code for forking; the native presets are HTML cards with
// no code to show, so this dialect lists these instead. Starters render as inline JSX: the
// resolver compiles each once and caches it by content hash.
import { blogPostStarter } from './blog-post.ts';
import { launchCardStarter } from './launch-card.ts';
import { quoteCardStarter } from './quote-card.ts';
import type { Starter } from './types.ts';

export const starters: readonly Starter[] = [blogPostStarter, launchCardStarter, quoteCardStarter];

export const STARTER_PREFIX = 'starter:';

export const isStarterId = (id: string) => id.startsWith(STARTER_PREFIX);

export const starterById = (id: string): Starter | undefined => starters.find((s) => s.id === id);
