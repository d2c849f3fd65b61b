// `placard render card.html --var title=Hello --vars vars.json -o card.webp` (or
// `placard render --preset social-card ...`): the same pipeline as the server, with the same
// validation and the same errors.
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { PlacardError } from '../../errors/placard-error.ts';
import { outputFormats } from '../../core/render-request.ts';
import { engineChoices } from '../../engines/types.ts';
import { fontSetFromFiles } from '../../fonts/local-fonts.ts';
import { RenderBody, requestFromBody } from '../../http/schemas/render.ts';
import { assertValid } from '../../http/validation.ts';
import { createServices } from '../../services.ts';
import { presetNames } from '../../templates/presets/index.ts';
import { assertReadable, CliError, readJsonFile, writeOutputFile } from '../files.ts';
import { outputFormat, templateField } from '../template-file.ts';

interface RenderFlags {
  var: string[];
  vars?: string;
  preset?: string;
  engine?: string;
  output?: string;
  format?: string;
  width?: string;
  height?: string;
  scale?: string;
  quality?: string;
  background?: string;
  timeout?: string;
  font: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];
const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function readVariables(flags: RenderFlags): Promise<Record<string, unknown>> {
  let variables: Record<string, unknown> = {};
  if (flags.vars) {
    const parsed = await readJsonFile(flags.vars, '--vars file');
    if (!isObject(parsed)) {
      const received = Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed);
      throw new CliError(
        `--vars file ${JSON.stringify(flags.vars)} must hold a JSON object; received ${received}`,
      );
    }
    // A render settings file (like bench/standard-card.json) keeps its variables under "variables".
    variables = isObject(parsed.variables) ? { ...parsed.variables } : parsed;
  }
  for (const pair of flags.var) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new PlacardError(
        'VALIDATION_FAILED',
        `--var must be name=value; received ${JSON.stringify(pair)}`,
      );
    }
    variables[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return variables;
}

/** Exactly one of the template file and --preset. */
async function templateSource(template: string | undefined, preset: string | undefined) {
  if (template !== undefined && preset !== undefined) {
    throw new CliError(
      `give a template file or --preset, not both; received ${template} and --preset ${preset}`,
    );
  }
  if (preset !== undefined) return { preset };
  if (template === undefined) {
    throw new CliError(`give a template file or --preset <name> (one of ${presetNames.join(', ')})`);
  }
  return templateField(template);
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description(
      'Render a template file (HTML + Handlebars, .jsx/.tsx, or an elements .json) or a preset to an image.',
    )
    .argument('[template]', 'template file: .html/.htm/.hbs, .jsx/.tsx or .json')
    .option('--preset <name>', `a built-in preset instead of a file: ${presetNames.join(', ')}`)
    .option('--var <name=value>', 'a variable (repeatable; wins over --vars)', collect, [])
    .option('--vars <file>', 'JSON file of variables (or of render settings with a "variables" key)')
    .option('-o, --output <file>', 'output file ("-" for stdout; default: <template>.<format>)')
    .option('-f, --format <format>', `one of ${outputFormats.join(', ')} (default: from --output, else png)`)
    .option('-e, --engine <engine>', `${engineChoices.join(', ')} (default auto)`)
    .option('--width <px>', 'width in CSS pixels (default 1200)')
    .option('--height <px>', 'height in CSS pixels (default 630)')
    .option('-s, --scale <n>', 'device pixel ratio 1-3 (default 1)')
    .option('-q, --quality <n>', 'jpeg/webp/avif quality 1-100')
    .option('--background <colour>', 'CSS colour under the template, or "transparent"')
    .option('--timeout <ms>', 'render time cap in ms')
    .option(
      '--font <file>',
      'a TTF, OTF, WOFF or WOFF2 file the template may name by its family (repeatable)',
      collect,
      [],
    )
    .action(async (template: string | undefined, flags: RenderFlags) => {
      const config = loadConfig();
      const body = assertValid<RenderBody>(
        RenderBody,
        Object.fromEntries(
          Object.entries({
            ...(await templateSource(template, flags.preset)),
            variables: await readVariables(flags),
            format: outputFormat(flags.format, flags.output),
            engine: flags.engine,
            width: num(flags.width),
            height: num(flags.height),
            scale: num(flags.scale),
            quality: num(flags.quality),
            background: flags.background,
            timeout_ms: num(flags.timeout),
          }).filter(([, v]) => v !== undefined),
        ),
        'option',
      );
      const request = requestFromBody(body, config);
      if (flags.font.length > 0) {
        for (const file of flags.font) await assertReadable(file, '--font file');
        request.fonts = await fontSetFromFiles(flags.font);
      }
      const services = await createServices(config);
      try {
        const result = await services.pipeline.render(request);
        const stem = template !== undefined ? template.replace(/\.[^./]+$/, '') : String(flags.preset);
        const output = flags.output ?? `${stem}.${result.format}`;
        if (output === '-') process.stdout.write(result.data);
        else await writeOutputFile(output, result.data);
        if (result.fontFallbacks.length > 0) {
          console.error(`placard: fonts not bundled, drawn in Inter: ${result.fontFallbacks.join(', ')}`);
        }
        if (result.engineWarning) console.error(`placard: ${result.engineWarning}`);
        if (output !== '-') {
          console.error(
            `placard: wrote ${output} (${result.width}x${result.height}, ${result.data.length} bytes, ${result.engine}, ${result.renderMs.toFixed(0)} ms)`,
          );
        }
      } finally {
        await services.close();
      }
    });
}
