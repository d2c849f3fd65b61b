// Placard's own version, from package.json: part of cache keys for what changes with the code.
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

export const PLACARD_VERSION: string = pkg.version;
