// The rows of `placard batch --data`: a CSV file with a header line (parsed by csv-parse, so
// quoted fields, a UTF-8 BOM and newlines inside cells are read as a spreadsheet writes them)
// or a JSON array of objects. A malformed row is kept with its problem, so it is reported in
// errors.csv under its own number and does not stop the others.
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CliError, readJsonFile, readTextFile } from '../files.ts';

export interface DataRow {
  /** 1-based: the first row under the CSV header, or the first element of the JSON array. */
  row: number;
  variables: Record<string, unknown>;
  /** Why the row cannot be rendered, found while reading it. */
  problem?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function csvRows(file: string): Promise<DataRow[]> {
  const text = await readTextFile(file, '--data file');
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new CliError(`--data file ${JSON.stringify(file)} is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header || header.length === 0 || header.some((h) => h.trim() === '')) {
    throw new CliError(
      `--data file ${JSON.stringify(file)} needs a header line naming every column; received: ${JSON.stringify(header ?? [])}`,
    );
  }
  const names = header.map((h) => h.trim());
  return body.map((cells, i) => {
    const row = i + 1;
    const variables = Object.fromEntries(names.map((name, c) => [name, cells[c] ?? '']));
    if (cells.length !== names.length) {
      const problem = `row ${row} has ${cells.length} fields; the header has ${names.length} (${names.join(', ')})`;
      return { row, variables, problem };
    }
    return { row, variables };
  });
}

async function jsonRows(file: string): Promise<DataRow[]> {
  const parsed = await readJsonFile(file, '--data file');
  if (!Array.isArray(parsed)) {
    throw new CliError(
      `--data file ${JSON.stringify(file)} must hold a JSON array of objects; received ${isObject(parsed) ? 'an object' : JSON.stringify(parsed)}`,
    );
  }
  return parsed.map((item, i) =>
    isObject(item)
      ? { row: i + 1, variables: item }
      : {
          row: i + 1,
          variables: {},
          problem: `row ${i + 1} must be a JSON object; received ${JSON.stringify(item)}`,
        },
  );
}

export async function readRows(file: string): Promise<DataRow[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return csvRows(file);
  if (ext === '.json') return jsonRows(file);
  throw new CliError(
    `cannot tell the --data format of ${JSON.stringify(file)} from its extension; allowed: .csv, .json; received: ${JSON.stringify(ext || '(none)')}`,
  );
}
