// What makes `placard batch` resumable: dir/.placard-batch.json maps each output file to a
// hash of what produced it (template, options, the row's variables). A rerun skips a row
// whose file exists with that hash and size, and renders it again when anything changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const MANIFEST = '.placard-batch.json';

interface Entry {
  hash: string;
  bytes: number;
}

export class Manifest {
  private constructor(
    private readonly dir: string,
    private readonly files: Record<string, Entry>,
  ) {}

  static async load(dir: string): Promise<Manifest> {
    try {
      const parsed = JSON.parse(await fs.readFile(path.join(dir, MANIFEST), 'utf8')) as {
        files?: Record<string, Entry>;
      };
      return new Manifest(dir, parsed.files ?? {});
    } catch {
      return new Manifest(dir, {}); // none yet, or unreadable: everything renders
    }
  }

  async isDone(name: string, hash: string): Promise<boolean> {
    const entry = this.files[name];
    if (entry?.hash !== hash) return false;
    const stat = await fs.stat(path.join(this.dir, name)).catch(() => undefined);
    return stat?.size === entry.bytes;
  }

  record(name: string, hash: string, bytes: number): void {
    this.files[name] = { hash, bytes };
  }

  private saving: Promise<void> = Promise.resolve();

  /**
   * Written whole to a temporary file and renamed, so an interrupted run leaves a valid one;
   * saves queue behind each other, since two writers of the one temporary file would mix.
   */
  save(): Promise<void> {
    const file = path.join(this.dir, MANIFEST);
    this.saving = this.saving.then(async () => {
      await fs.writeFile(`${file}.tmp`, JSON.stringify({ version: 1, files: this.files }));
      await fs.rename(`${file}.tmp`, file);
    });
    return this.saving;
  }
}

export function rowHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
