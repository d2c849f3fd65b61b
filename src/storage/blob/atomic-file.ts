// The fs store's crash-safety primitives: a file is written whole under a temp name in the
// folder it will live in, flushed to disk, and only then renamed into place. rename() within
// one folder is atomic on POSIX, so a reader opens the old file or the new one, never a half.
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';

export interface TempFile {
  path: string;
  /** Stats of the written file; rename() keeps inode, size and mtime, so they identify it later. */
  stats: Stats;
}

/**
 * Writes `data` to a new temp file beside `target` and fsyncs it. The name starts with "."
 * (keys never do, see keys.ts) and is random, so concurrent writers never share one. A crash
 * leaves at most this temp file behind, which no key ever reads.
 */
export async function writeTempFile(target: string, data: Buffer | string): Promise<TempFile> {
  const tempPath = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(tempPath, 'wx', 0o644);
  let stats: Stats;
  try {
    await handle.writeFile(data);
    await handle.sync();
    stats = await handle.stat();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly(tempPath);
    throw error;
  }
  await handle.close();
  return { path: tempPath, stats };
}

/**
 * Flushes a folder's entries, so renames and unlinks in it survive a power cut, not only a
 * process crash. Some platforms cannot open a folder for syncing; there it is best effort.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/** Removes temp files a failed write left behind; never throws over the original error. */
export async function removeQuietly(...paths: (string | undefined)[]): Promise<void> {
  await Promise.all(paths.map((p) => (p ? rm(p, { force: true }).catch(() => undefined) : undefined)));
}
