// File access for the command line: a missing, unreadable or malformed file is one line that
// names the file and what was wrong (CliError), never a stack trace.
import fs from 'node:fs/promises';

/** A problem with the command line's own input; printed as `placard: <message>`, exit 1. */
export class CliError extends Error {
  override name = 'CliError';
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Reads a text file; `what` names its role in the message ("template file", "--vars file"). */
export async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} ${JSON.stringify(file)}: ${reason(error)}`);
  }
}

/** Fails in one line if `file` cannot be read, for readers outside the CLI (fonts). */
export async function assertReadable(file: string, what: string): Promise<void> {
  try {
    const handle = await fs.open(file, 'r');
    await handle.close();
  } catch (error) {
    throw new CliError(`cannot read ${what} ${JSON.stringify(file)}: ${reason(error)}`);
  }
}

export async function readJsonFile(file: string, what: string): Promise<unknown> {
  const text = await readTextFile(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} ${JSON.stringify(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

export async function writeOutputFile(file: string, data: Uint8Array): Promise<void> {
  try {
    await fs.writeFile(file, data);
  } catch (error) {
    throw new CliError(`cannot write output file ${JSON.stringify(file)}: ${reason(error)}`);
  }
}
