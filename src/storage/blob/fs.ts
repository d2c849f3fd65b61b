// The filesystem blob store, Placard's default: each blob is a plain file under the folder the
// caller passes (`<dataDir>/renders/`), so an operator can inspect or back it up by hand, with
// its metadata in a `<file>.meta.json` sidecar. Placard serves these files itself.
import { open, readFile, rename, rm, mkdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { removeQuietly, syncDir, writeTempFile } from './atomic-file.ts';
import { createKeyQueue } from './key-queue.ts';
import { assertBlobKey, contentTypeFromKey } from './keys.ts';
import type { BlobMeta, BlobStore, StoredBlob } from './types.ts';

export interface FsBlobStoreOptions {
  /** The folder blobs live in, created on first write. */
  dir: string;
}

const SIDECAR_SUFFIX = '.meta.json';

/**
 * The sidecar records which data file it describes. rename() keeps inode, size and mtime, so a
 * reader can tell a sidecar that belongs to the file it opened from one left by a put that
 * crashed (or is running in another process) between its two renames.
 */
interface Sidecar extends BlobMeta {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const root = path.resolve(options.dir);
  const queue = createKeyQueue();

  function fileOf(key: string): string {
    assertBlobKey(key);
    // Sidecars share the folder with data files; a key that names one would overwrite it.
    if (key.endsWith(SIDECAR_SUFFIX)) {
      throw new Error(`invalid blob key "${key}": "${SIDECAR_SUFFIX}" is reserved`);
    }
    return path.join(root, key);
  }

  async function put(key: string, data: Buffer, meta: BlobMeta): Promise<void> {
    const file = fileOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    await queue.run(key, async () => {
      let dataTemp: string | undefined;
      let sidecarTemp: string | undefined;
      try {
        const written = await writeTempFile(file, data);
        dataTemp = written.path;
        const sidecar: Sidecar = { ...pickMeta(meta), ...fingerprint(written.stats) };
        sidecarTemp = (await writeTempFile(file + SIDECAR_SUFFIX, JSON.stringify(sidecar))).path;
        // Sidecar first: a crash between the renames then leaves a new key invisible (no data
        // file) and an overwritten one readable (old bytes; the stale sidecar is detected).
        await rename(sidecarTemp, file + SIDECAR_SUFFIX);
        sidecarTemp = undefined;
        await rename(dataTemp, file);
        dataTemp = undefined;
        await syncDir(path.dirname(file));
      } finally {
        await removeQuietly(dataTemp, sidecarTemp);
      }
    });
  }

  async function get(key: string): Promise<StoredBlob | undefined> {
    const file = fileOf(key);
    // A mismatch usually means a put in another process is between its two renames, a window
    // of microseconds: look again before falling back to metadata from the extension.
    for (let attempt = 1; ; attempt++) {
      const handle = await open(file, 'r').catch(ignoreMissing);
      if (!handle) return undefined;
      try {
        const stats = await handle.stat();
        if (!stats.isFile()) return undefined;
        const sidecar = await readSidecar(file + SIDECAR_SUFFIX);
        const matches = sidecar !== undefined && sameFile(sidecar, stats);
        if (matches || sidecar === undefined || attempt === 3) {
          // Read through the handle: these are the bytes of the inode just checked, even if a
          // put renames a new file over the name meanwhile.
          const data = await handle.readFile();
          const meta = matches ? pickMeta(sidecar) : { contentType: contentTypeFromKey(key) };
          return { data, ...meta };
        }
      } finally {
        await handle.close();
      }
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }

  async function remove(key: string): Promise<boolean> {
    const file = fileOf(key);
    return queue.run(key, async () => {
      const existed = await rm(file).then(
        () => true,
        (error: unknown) => ignoreMissing(error) ?? false,
      );
      // Data first: a crash before this line leaves only an orphan sidecar, which get() ignores.
      await rm(file + SIDECAR_SUFFIX, { force: true });
      return existed;
    });
  }

  return {
    name: 'fs',
    put,
    get,
    delete: remove,
    publicUrl(key) {
      fileOf(key);
      return undefined;
    },
    close: () => queue.idle(),
  };
}

function pickMeta(meta: BlobMeta): BlobMeta {
  return meta.cacheControl === undefined
    ? { contentType: meta.contentType }
    : { contentType: meta.contentType, cacheControl: meta.cacheControl };
}

function fingerprint(stats: Stats): Pick<Sidecar, 'ino' | 'size' | 'mtimeMs'> {
  return { ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs };
}

function sameFile(sidecar: Sidecar, stats: Stats): boolean {
  return sidecar.ino === stats.ino && sidecar.size === stats.size && sidecar.mtimeMs === stats.mtimeMs;
}

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  const text = await readFile(file, 'utf8').catch(ignoreMissing);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Sidecar>;
    return typeof parsed.contentType === 'string' ? (parsed as Sidecar) : undefined;
  } catch {
    return undefined; // Unreadable: treat as missing and fall back to the extension.
  }
}

/** Turns "no such file" into undefined; rethrows everything else (permissions, EIO...). */
function ignoreMissing(error: unknown): undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  throw error;
}
