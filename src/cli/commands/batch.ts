// `placard batch --template card.html --data rows.csv --out dir/`: one image per row, in
// process (the pipeline `placard render` uses) or through a server with @placard/client. A bad
// row goes to dir/errors.csv under its row number and the others still render; a rerun skips
// rows whose image is already there for the same row, template and options (batch/manifest.ts).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import pLimit from 'p-limit';
// The source entry, not the package name: bin/placard.js runs TypeScript without the
// `placard-source` export condition, and the package's dist/ is only built for publishing.
import { createPlacardClient, PlacardApiError } from '../../../packages/client/src/index.ts';
import { loadConfig } from '../../config.ts';
import { isPlacardError, PlacardError } from '../../errors/placard-error.ts';
import { outputFormats } from '../../core/render-request.ts';
import { engineChoices } from '../../engines/types.ts';
import { RenderBody, requestFromBody } from '../../http/schemas/render.ts';
import { assertValid } from '../../http/validation.ts';
import { createServices } from '../../services.ts';
import type { VariableSchema } from '../../templates/types.ts';
import { compileName } from '../batch/names.ts';
import { Manifest, rowHash } from '../batch/manifest.ts';
import { createProgress } from '../batch/progress.ts';
import { readRows, type DataRow } from '../batch/rows.ts';
import { planRows, rowVariables, type RowPlan } from '../batch/schema.ts';
import { CliError } from '../files.ts';
import { outputFormat, templateField } from '../template-file.ts';

export interface BatchFlags {
  template: string;
  data: string;
  out: string;
  name: string;
  concurrency?: string;
  server?: string;
  key?: string;
  format?: string;
  engine?: string;
  width?: string;
  height?: string;
  scale?: string;
  quality?: string;
}

type Body = Record<string, unknown>;

interface Renderer {
  render(body: Body): Promise<Uint8Array>;
  /** The template's variables, asked once before the rows. */
  schema(body: Body): Promise<VariableSchema>;
  close(): Promise<void>;
}

const num = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** A file with a template extension is read and sent inline; anything else is a stored template's id. */
async function templateSource(template: string, server: string | undefined) {
  const looksLikeFile = /[/\\]/.test(template) || path.extname(template) !== '';
  if (looksLikeFile) return templateField(template);
  if (!server) {
    throw new CliError(
      `--template ${JSON.stringify(template)} is not a template file (.html, .htm, .hbs, .jsx, .tsx, .json); ` +
        'a stored template id needs --server URL --key K',
    );
  }
  return { template_id: template };
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) {
    throw new CliError(`${flag} must be a whole number from 1 to 256; received ${JSON.stringify(value)}`);
  }
  return n;
}

async function localRenderer(): Promise<Renderer> {
  const config = loadConfig();
  const services = await createServices(config);
  // cacheTtl 0: a batch draws each row once (reruns skip by the manifest), so storing every
  // image in the render cache would only cost time and memory.
  const request = (body: Body) => ({
    ...requestFromBody(assertValid<RenderBody>(RenderBody, body, 'option'), config),
    cacheTtl: 0,
  });
  return {
    render: async (body) => (await services.pipeline.render(request(body))).data,
    schema: async (body) => (await services.templates.resolve(request(body).template, undefined)).schema,
    close: () => services.close(),
  };
}

function serverRenderer(url: string, key: string | undefined): Renderer {
  const client = createPlacardClient({ baseUrl: url, apiKey: key });
  return {
    render: async (body) => (await client.render(body as Parameters<typeof client.render>[0])).data,
    async schema(body) {
      // The server's reply has the same shape; its generated type widens `type` to string.
      if (typeof body.template_id === 'string')
        return (await client.templates.schema(body.template_id)) as VariableSchema;
      const kind = (['html', 'jsx', 'elements'] as const).find((k) => body[k] !== undefined)!;
      return (await client.templates.schemaOf({ kind, source: body[kind] as string })) as VariableSchema;
    },
    close: async () => undefined,
  };
}

function describeError(error: unknown): { code: string; message: string } {
  if (isPlacardError(error) || error instanceof PlacardApiError)
    return { code: error.code, message: error.message };
  // A row the batch refused itself: field count, file name, a name two rows share.
  return { code: 'INVALID_ROW', message: error instanceof Error ? error.message : String(error) };
}

export interface BatchSummary {
  rows: number;
  rendered: number;
  skipped: number;
  failed: number;
}

/** The whole run, for the command and for `npm run bench` (which times it in process). */
export async function runBatch(flags: BatchFlags): Promise<BatchSummary> {
  const source = await templateSource(flags.template, flags.server);
  const rows = await readRows(flags.data);
  const format = outputFormat(flags.format, flags.name.replace(/\{\{[^}]*\}\}/g, 'x'));
  const nameFor = compileName(flags.name, format);
  const concurrency = positiveInt(
    flags.concurrency,
    '--concurrency',
    flags.server ? 4 : os.availableParallelism() * 2,
  );
  const options = Object.fromEntries(
    Object.entries({
      format,
      engine: flags.engine,
      width: num(flags.width),
      height: num(flags.height),
      scale: num(flags.scale),
      quality: num(flags.quality),
    }).filter(([, v]) => v !== undefined),
  );
  await fs.mkdir(flags.out, { recursive: true });
  const manifest = await Manifest.load(flags.out);
  const renderer = flags.server ? serverRenderer(flags.server, flags.key) : await localRenderer();
  let plan: RowPlan;
  // A stored template's schema names its current version: part of each row's hash, so a new
  // version of the template renders every row again.
  let version: number | null = null;
  try {
    const schema = await renderer.schema({ ...source, ...options });
    version = (schema as { version?: number }).version ?? null;
    plan = planRows(schema, flags.name);
  } catch (error) {
    await renderer.close();
    // The server refused the template or the key before any row: one line, like a local error.
    if (error instanceof PlacardApiError) throw new CliError(`${error.code}: ${error.message}`);
    throw error;
  }
  const columns = new Set(rows.flatMap((r) => Object.keys(r.variables)));
  const failures: { row: number; file: string; code: string; message: string }[] = [];
  const taken = new Map<string, number>();
  let rendered = 0;
  let skipped = 0;
  const progress = createProgress(rows.length);
  const fail = (row: DataRow, file: string, error: { code: string; message: string }) => {
    failures.push({ row: row.row, file, ...error });
    progress.fail(`placard: row ${row.row}: ${error.code}: ${error.message}`);
  };
  const limit = pLimit(concurrency);
  let sinceSave = 0;
  try {
    await Promise.all(
      rows.map((row) =>
        limit(async () => {
          let file = '';
          try {
            if (row.problem) throw new CliError(row.problem);
            file = nameFor(row.variables, row.row);
            const earlier = taken.get(file);
            if (earlier !== undefined) {
              throw new CliError(`--name gives ${JSON.stringify(file)}, already the name of row ${earlier}`);
            }
            taken.set(file, row.row);
            const { variables, missing } = rowVariables(plan, columns, row.variables);
            if (missing.length > 0) {
              throw new PlacardError(
                'VALIDATION_FAILED',
                `row ${row.row} has no value for ${missing.join(', ')}; the template draws nothing without it`,
              );
            }
            const body = { ...source, ...options, variables };
            const hash = rowHash({ body, version, server: flags.server ?? null });
            if (await manifest.isDone(file, hash)) {
              skipped += 1;
              progress.tick(false);
              return;
            }
            const data = await renderer.render(body);
            await fs.writeFile(path.join(flags.out, file), data);
            manifest.record(file, hash, data.length);
            rendered += 1;
            if (++sinceSave >= 50) {
              sinceSave = 0;
              await manifest.save();
            }
            progress.tick(false);
          } catch (error) {
            fail(row, file, describeError(error));
            progress.tick(true);
          }
        }),
      ),
    );
  } finally {
    progress.stop();
    await manifest.save();
    await renderer.close();
  }
  const errorsFile = path.join(flags.out, 'errors.csv');
  if (failures.length > 0) {
    failures.sort((a, b) => a.row - b.row);
    await fs.writeFile(
      errorsFile,
      stringify(failures, { header: true, columns: ['row', 'file', 'code', 'message'] }),
    );
  } else {
    await fs.rm(errorsFile, { force: true }); // a rerun that fixed every row clears the old report
  }
  console.error(
    `placard: batch: ${rows.length} rows, ${rendered} rendered, ${skipped} unchanged and skipped, ` +
      `${failures.length} failed${failures.length > 0 ? ` (see ${errorsFile})` : ''}`,
  );
  return { rows: rows.length, rendered, skipped, failed: failures.length };
}

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description('Render one image per row of a CSV or JSON file, locally or through a server.')
    .requiredOption(
      '--template <file|id>',
      'template file (.html/.htm/.hbs, .jsx/.tsx, .json) or, with --server, a stored template id',
    )
    .requiredOption('--data <file>', 'rows: a .csv with a header line, or a .json array of objects')
    .requiredOption('--out <dir>', 'directory for the images, errors.csv and the resume manifest')
    .option(
      '--name <pattern>',
      'Handlebars file name pattern over the row (default "{{@row}}.png")',
      '{{@row}}',
    )
    .option('--concurrency <n>', 'renders in flight (default: 2 x cores locally, 4 with --server)')
    .option('--server <url>', 'render through a Placard server instead of in process')
    .option('--key <key>', 'API key for --server')
    .option('-f, --format <format>', `one of ${outputFormats.join(', ')} (default: from --name, else png)`)
    .option('-e, --engine <engine>', `${engineChoices.join(', ')} (default auto)`)
    .option('--width <px>', 'width in CSS pixels')
    .option('--height <px>', 'height in CSS pixels')
    .option('-s, --scale <n>', 'device pixel ratio 1-3')
    .option('-q, --quality <n>', 'jpeg/webp/avif quality 1-100')
    .action(async (flags: BatchFlags) => {
      if ((await runBatch(flags)).failed > 0) process.exitCode = 1;
    });
}
