// Builds a real app (real engine, fetcher, pool) for route tests, with a temp data folder
// and a known API key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrapKeys } from '../../src/auth/keys.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createApp, isLogger, type AppDeps } from '../../src/http/app.ts';
import { createServices, type ServerServices } from '../../src/services.ts';

export const TEST_KEY = 'test-key-0123456789';

export interface TestApp {
  app: FastifyInstance;
  services: ServerServices;
  config: Config;
  close(): Promise<void>;
}

export function tempDir(prefix = 'placard-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A real app on a temp data folder; `workers` also starts async job workers. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  options: { workers?: boolean; logger?: AppDeps['logger'] } = {},
): Promise<TestApp> {
  // No load shedding unless a test asks: test files share a loaded machine, and a stalled
  // worker must not turn into 503s in tests about something else.
  const config = loadConfig({}, { dataDir: tempDir(), apiKeys: [TEST_KEY], maxLoopDelayMs: 0, ...overrides });
  const services = await createServices(config, {
    database: true,
    logger: isLogger(options.logger) ? options.logger : undefined,
  });
  const db = services.db!;
  await bootstrapKeys(db, config.apiKeys);
  const app = await createApp({ services, logger: options.logger });
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

/**
 * A new account with an admin key, made through the API with the install key of `t`;
 * optionally put on `plan` and given `credits`.
 */
export async function newAccount(
  t: TestApp,
  options: { name?: string; plan?: string; credits?: number } = {},
): Promise<{ key: string; id: string }> {
  const name = options.name ?? options.plan ?? 'other';
  const created = (
    await t.app.inject({
      method: 'POST',
      url: '/v1/keys',
      headers: auth,
      payload: { name, role: 'admin', new_account_name: name },
    })
  ).json() as { key: string; account_id: string };
  const id = created.account_id;
  if (options.plan) {
    await t.app.inject({
      method: 'PUT',
      url: `/v1/accounts/${id}/plan`,
      headers: auth,
      payload: { plan: options.plan },
    });
  }
  if (options.credits) {
    await t.app.inject({
      method: 'POST',
      url: `/v1/accounts/${id}/credits`,
      headers: auth,
      payload: { amount: options.credits },
    });
  }
  return { key: created.key, id };
}
