// Output file names for `placard batch --name "{{slug}}.png"`: a Handlebars pattern over the
// row. The pattern may not name a directory, and every value put into it is made a safe file
// name part (no separators, no control or reserved characters), so no row can write outside
// --out. Two rows that give the same name are an error for the later row, not a silent
// suffix: a suffix would depend on row order and make a rerun overwrite the wrong file.
import Handlebars from 'handlebars';
import { CliError } from '../files.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
const unsafe = /[/\\<>:"|?*\u0000-\u001f\u007f]/g;

/** `{{@row}}` is the row number, as Handlebars data (like `@index`). */
export type NameFor = (variables: Record<string, unknown>, row: number) => string;

export function compileName(pattern: string, extension: string): NameFor {
  if (/[/\\]/.test(pattern) || pattern.includes('..')) {
    throw new CliError(
      `--name must be a file name inside --out, without "/", "\\" or ".."; received ${JSON.stringify(pattern)}`,
    );
  }
  const template = Handlebars.compile(pattern, { noEscape: true, strict: true });
  return (variables, row) => {
    const safe = Object.fromEntries(
      Object.entries(variables).map(([k, v]) => [
        k,
        String(v ?? '')
          .replace(unsafe, '-')
          .replace(/\.{2,}/g, '.')
          .replace(/^\./, ''),
      ]),
    );
    let name: string;
    try {
      name = template(safe, { data: { row } }).trim();
    } catch (error) {
      throw new Error(`--name ${JSON.stringify(pattern)}: ${(error as Error).message.split('\n')[0]}`);
    }
    if (name === '' || name.startsWith('.')) {
      throw new Error(
        `--name ${JSON.stringify(pattern)} gives an empty or hidden file name ${JSON.stringify(name)}`,
      );
    }
    return /\.[a-z0-9]+$/i.test(name) ? name : `${name}.${extension}`;
  };
}
