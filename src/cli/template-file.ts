// Which template kind a file holds, told by its extension; any other extension is refused
// rather than guessed (a .txt or .png passed by mistake would otherwise render as HTML).
import path from 'node:path';
import { outputFormats } from '../core/render-request.ts';
import { CliError, readJsonFile, readTextFile } from './files.ts';

const kinds: Record<string, 'html' | 'jsx' | 'elements'> = {
  '.html': 'html',
  '.htm': 'html',
  '.hbs': 'html',
  '.handlebars': 'html',
  '.jsx': 'jsx',
  '.tsx': 'jsx',
  '.json': 'elements',
};

const allowedExtensions =
  '.html, .htm, .hbs, .handlebars (HTML + Handlebars), .jsx, .tsx (JSX), .json (elements document)';

/** The render body's template field for a file: { html } | { jsx } | { elements }. */
export async function templateField(file: string): Promise<Record<string, unknown>> {
  const ext = path.extname(file).toLowerCase();
  const kind = kinds[ext];
  if (!kind) {
    throw new CliError(
      `cannot tell the template kind of ${JSON.stringify(file)} from its extension; ` +
        `allowed: ${allowedExtensions}; received: ${JSON.stringify(ext || '(none)')}`,
    );
  }
  if (kind === 'elements') return { elements: await readJsonFile(file, 'template file') };
  return { [kind]: await readTextFile(file, 'template file') };
}

/** The format from --format, else from the output file's extension (none: png). */
export function outputFormat(format: string | undefined, output: string | undefined): string {
  if (format) return format;
  if (!output || output === '-') return 'png';
  const ext = path.extname(output).slice(1).toLowerCase();
  if (ext === '') return 'png';
  const alias = ext === 'jpg' ? 'jpeg' : ext;
  if ((outputFormats as readonly string[]).includes(alias)) return alias;
  throw new CliError(
    `cannot tell the image format of ${JSON.stringify(output)} from its extension; ` +
      `allowed: ${outputFormats.map((f) => `.${f}`).join(', ')}, .jpg, or pass --format; received: ".${ext}"`,
  );
}
