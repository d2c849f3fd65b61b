// `placard serve`: starts the HTTP server with config from PLACARD_* variables and flags.
import type { Command } from 'commander';
import { bootstrapKeys } from '../../auth/keys.ts';
import { loadConfig, type Config } from '../../config.ts';
import { createApp } from '../../http/app.ts';
import { createServices } from '../../services.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP server (PLACARD_PORT, default 3000).')
    .option('-p, --port <port>', 'port to listen on (overrides PLACARD_PORT)')
    .option('--host <host>', 'address to listen on (overrides PLACARD_HOST)')
    .action(async (flags: { port?: string; host?: string }) => {
      const overrides: Partial<Config> = {};
      if (flags.port !== undefined) overrides.port = Number(flags.port);
      if (flags.host !== undefined) overrides.host = flags.host;
      await serve(loadConfig(process.env, overrides));
    });
}

export async function serve(config: Config): Promise<void> {
  const services = await createServices(config, { database: true });
  const db = services.db!;
  const created = await bootstrapKeys(db, config.apiKeys);
  if (created) {
    // Printed once, on purpose: only a hash is stored, so this is the one chance to copy it.
    process.stdout.write(
      `\nCreated an admin API key (shown only this once; only its hash is stored):\n\n    ${created}\n\n` +
        `Use it as "Authorization: Bearer ${created}". Manage keys with "placard keys" or /v1/keys.\n\n`,
    );
  }
  const app = await createApp({
    services,
    logger: { level: config.logLevel },
  });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await services.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  services.startWorkers();
}
