// The `placard` command line: `placard serve` and `placard render`.
import { Command } from 'commander';
import { ConfigError } from '../config.ts';
import { isPlacardError } from '../core/errors.ts';
import { registerFonts } from './commands/fonts.ts';
import { registerKeys } from './commands/keys.ts';
import { registerRender } from './commands/render.ts';
import { registerServe } from './commands/serve.ts';

const program = new Command()
  .name('placard')
  .description('Render templates plus variables to images, over HTTP or from the command line.')
  .showHelpAfterError();

registerServe(program);
registerRender(program);
registerKeys(program);
registerFonts(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isPlacardError(error)) console.error(`placard: ${error.code}: ${error.message}`);
  else if (error instanceof ConfigError) console.error(`placard: ${error.message}`);
  else console.error('placard:', error);
  process.exitCode = 1;
}
