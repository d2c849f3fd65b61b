// What the database contract needs from a backend: options that open it (plain JSON, so a
// child process can open the same storage) and a way to remove that storage afterwards.
import type { DatabaseOptions } from '../../src/storage/db/index.ts';

export interface DatabaseFixture {
  options: Pick<DatabaseOptions, 'url' | 'dataDir'>;
  destroy(): Promise<void>;
}

export type DatabaseFixtureFactory = () => Promise<DatabaseFixture>;
