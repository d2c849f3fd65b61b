// `placard serve`: starts the HTTP server with config from PLACARD_* variables and flags.
import type { Command } from 'commander';
import { createKeyStore } from '../../auth/keys.ts';
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
  const keys = createKeyStore({
    apiKeys: config.apiKeys,
    dataDir: config.dataDir,
    onCreated: (key, file) => {
      // Printed once, on purpose: only a hash is kept, so this is the one chance to copy it.
      process.stdout.write(
        `\nCreated an API key (shown only this once; its hash is in ${file}):\n\n    ${key}\n\n` +
          `Use it as "Authorization: Bearer ${key}". Set PLACARD_API_KEYS to use your own keys.\n\n`,
      );
    },
  });
  const services = await createServices(config);
  const app = await createApp({
    pipeline: services.pipeline,
    pool: services.pool,
    keys,
    engineName: services.engine.name,
    limits: config,
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
}
