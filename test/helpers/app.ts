// Builds a real app (real engine, fetcher, pool) for route tests, with a temp data folder
// and a known API key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrapKeys } from '../../src/auth/keys.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createServices, type Services } from '../../src/services.ts';

export const TEST_KEY = 'test-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

export function tempDir(prefix = 'placard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real app on a temp data folder; `workers` also starts async job workers. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  options: { workers?: boolean } = {},
): Promise<TestApp> {
  const config = loadConfig({}, { dataDir: tempDir(), apiKeys: [TEST_KEY], ...overrides });
  const services = await createServices(config, { database: true });
  const db = services.db!;
  await bootstrapKeys(db, config.apiKeys);
  const app = await createApp({ services });
  if (options.workers) services.startWorkers();
  return {
    app,
    services,
    config,
    async close() {
      await app.close();
      await services.close();
    },
  };
}

export const auth = { authorization: `Bearer ${TEST_KEY}` };
