// The `placard` command line: `placard serve`, `placard render` and `placard keys`. Every
// failure is one line on stderr and exit code 1; a stack trace only for a bug, and only with
// NODE_DEBUG=placard, since a user's mistake is never one.
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { isPlacardError } from '../errors/placard-error.ts';
import { registerBatch } from './commands/batch.ts';
import { registerFonts } from './commands/fonts.ts';
import { PLACARD_VERSION } from '../version.ts';
import { registerKeys } from './commands/keys.ts';
import { registerRender } from './commands/render.ts';
import { registerServe } from './commands/serve.ts';
import { CliError } from './files.ts';

const program = new Command()
  .name('placard')
  .description('Render templates plus variables to images, over HTTP or from the command line.')
  .version(PLACARD_VERSION, '-V, --version', 'print the version')
  .showHelpAfterError();

registerServe(program);
registerRender(program);
registerBatch(program);
registerKeys(program);
registerFonts(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isPlacardError(error)) console.error(`placard: ${error.code}: ${error.message}`);
  else if (error instanceof ConfigError || error instanceof CliError)
    console.error(`placard: ${error.message}`);
  else if (/\bplacard\b/.test(process.env.NODE_DEBUG ?? '')) console.error('placard:', error);
  else {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`placard: unexpected error: ${message} (NODE_DEBUG=placard prints the stack)`);
  }
  process.exitCode = 1;
}
