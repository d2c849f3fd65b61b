// `placard serve`: starts the HTTP server with config from PLACARD_* variables and flags.
// stdout carries only JSON log lines (one per render, one per request), so anything for a
// human, like the bootstrap key, goes to stderr. SIGTERM stops it within a bounded time.
import type { Command } from 'commander';
import { pino } from 'pino';
import { bootstrapKeys } from '../../auth/keys.ts';
import { ConfigError, loadConfig, type Config } from '../../config.ts';
import { createApp } from '../../http/app.ts';
import { createWorkerApp } from '../../http/worker-app.ts';
import { createServices } from '../../services.ts';
import { stopOnSignals } from '../shutdown.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server (PLACARD_PORT, default 3000).')
    .option('-p, --port <port>', 'port to listen on (overrides PLACARD_PORT)')
    .option('--host <host>', 'address to listen on (overrides PLACARD_HOST)')
    .option('--role <role>', 'api, worker or all (overrides PLACARD_ROLE; default all)')
    .action(async (flags: { port?: string; host?: string; role?: string }) => {
      const overrides: Partial<Config> = {};
      if (flags.port !== undefined) overrides.port = Number(flags.port);
      if (flags.host !== undefined) overrides.host = flags.host;
      if (flags.role !== undefined) overrides.role = flags.role;
      await serve(loadConfig(process.env, overrides));
    });
}

export const ROLES = ['api', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

function checkRole(role: string): Role {
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new ConfigError([
    `PLACARD_ROLE (or --role) must be one of ${ROLES.join(', ')}; received ${JSON.stringify(role)}`,
  ]);
}

export async function serve(config: Config): Promise<void> {
  const role = checkRole(config.role);
  const logger = pino({ level: config.logLevel });
  const services = await createServices(config, { database: true, logger });
  const { db } = services;
  const created = await bootstrapKeys(db, config.apiKeys);
  if (created) {
    // Printed once, on purpose: only a hash is stored, so this is the one chance to copy it.
    // On stderr, so the JSON log on stdout stays parseable; the log line never holds the key.
    process.stderr.write(
      `\nCreated an admin API key (shown only this once; only its hash is stored):\n\n    ${created}\n\n` +
        `Use it as "Authorization: Bearer ${created}". Manage keys with "placard keys" or /v1/keys.\n\n`,
    );
    logger.info('created the bootstrap admin API key; it was printed once on stderr');
  }
  // An api node only enqueues; a worker node answers only health probes and metrics.
  const app =
    role === 'worker' ? createWorkerApp({ services, logger }) : await createApp({ services, logger });
  stopOnSignals({ app, services, graceMs: config.shutdownGraceMs, log: logger });
  await app.listen({ port: config.port, host: config.host });
  if (role !== 'api') services.startWorkers();
  logger.info({ role, port: config.port }, `placard serving as ${role}`);
}
