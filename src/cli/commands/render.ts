// `placard render card.html --var title=Hello --vars vars.json -o card.webp`: the same
// pipeline as the server, with the same validation and the same errors.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { buildRenderRequest } from '../../core/build-request.ts';
import { PlacardError } from '../../core/errors.ts';
import { outputFormats } from '../../core/render-request.ts';
import { fontSetFromFiles } from '../../fonts/local-fonts.ts';
import { RenderBody, renderInput } from '../../http/schemas/render.ts';
import { assertValid } from '../../http/validation.ts';
import { createServices } from '../../services.ts';

interface RenderFlags {
  var: string[];
  vars?: string;
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

async function readVariables(flags: RenderFlags): Promise<Record<string, unknown>> {
  let variables: Record<string, unknown> = {};
  if (flags.vars) {
    const parsed: unknown = JSON.parse(await fs.readFile(flags.vars, 'utf8'));
    // A render settings file (like bench/standard-card.json) keeps its variables under "variables".
    const object = parsed as Record<string, unknown>;
    variables = (typeof object.variables === 'object' ? object.variables : object) as Record<string, unknown>;
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

/** The format from --format, else from the output file's extension, else png. */
function formatFor(flags: RenderFlags): string {
  if (flags.format) return flags.format;
  const ext = flags.output ? path.extname(flags.output).slice(1).toLowerCase() : '';
  const alias = ext === 'jpg' ? 'jpeg' : ext;
  return (outputFormats as readonly string[]).includes(alias) ? alias : 'png';
}

/** The template file's kind by extension: .jsx/.tsx JSX, .json an elements document, else HTML. */
async function templateField(file: string): Promise<Record<string, unknown>> {
  const text = await fs.readFile(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsx' || ext === '.tsx') return { jsx: text };
  if (ext === '.json') return { elements: JSON.parse(text) as unknown };
  return { html: text };
}

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('Render a template file (HTML + Handlebars, .jsx/.tsx, or an elements .json) to an image.')
    .argument('<template>', 'template file')
    .option('--var <name=value>', 'a variable (repeatable; wins over --vars)', collect, [])
    .option('--vars <file>', 'JSON file of variables (or of render settings with a "variables" key)')
    .option('-o, --output <file>', 'output file ("-" for stdout; default: <template>.<format>)')
    .option('-f, --format <format>', `one of ${outputFormats.join(', ')} (default: from --output, else png)`)
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
    .action(async (template: string, flags: RenderFlags) => {
      const config = loadConfig();
      const body = assertValid<RenderBody>(
        RenderBody,
        Object.fromEntries(
          Object.entries({
            ...(await templateField(template)),
            variables: await readVariables(flags),
            format: formatFor(flags),
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
      const request = buildRenderRequest(renderInput(body), config);
      if (flags.font.length > 0) request.fonts = await fontSetFromFiles(flags.font);
      const services = await createServices(config);
      try {
        const result = await services.pipeline.render(request);
        const output = flags.output ?? `${template.replace(/\.[^./]+$/, '')}.${result.format}`;
        if (output === '-') process.stdout.write(result.data);
        else await fs.writeFile(output, result.data);
        if (result.fontFallbacks.length > 0) {
          console.error(`placard: fonts not bundled, drawn in Inter: ${result.fontFallbacks.join(', ')}`);
        }
        if (output !== '-') {
          console.error(
            `placard: wrote ${output} (${result.width}x${result.height}, ${result.data.length} bytes, ${result.renderMs.toFixed(0)} ms)`,
          );
        }
      } finally {
        await services.close();
      }
    });
}
