// What only the filesystem blob store promises, beyond the shared contract: files where an
// operator expects them, nothing written outside its folder, and no partial blob after a
// crash (a killed writer process) or a failed write.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../../src/storage/blob/fs.ts';
import type { BlobStore } from '../../src/storage/blob/types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../..');

let root: string;
let dir: string;
let store: BlobStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'placard-blob-fs-'));
  dir = path.join(root, 'renders');
  store = createFsBlobStore({ dir });
});
afterEach(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

describe('fs blob store', () => {
  it('keeps a blob as a plain file at its key, with a JSON sidecar', async () => {
    await store.put('2026/11/abc123.png', Buffer.from('png bytes'), {
      contentType: 'image/png',
      cacheControl: 'c',
    });
    expect(await readFile(path.join(dir, '2026/11/abc123.png'), 'utf8')).toBe('png bytes');
    const sidecar = JSON.parse(await readFile(path.join(dir, '2026/11/abc123.png.meta.json'), 'utf8'));
    expect(sidecar).toMatchObject({ contentType: 'image/png', cacheControl: 'c' });
    expect(await listAll(dir)).toEqual(['2026/11/abc123.png', '2026/11/abc123.png.meta.json']);
    expect(store.publicUrl('2026/11/abc123.png')).toBeUndefined();
  });

  it('writes nothing outside its folder for traversal keys, and refuses sidecar names as keys', async () => {
    for (const key of ['../escape.png', 'a/../../escape.png', '/tmp/escape.png', 'x.png.meta.json']) {
      await expect(store.put(key, Buffer.from('x'), { contentType: 'image/png' })).rejects.toThrow(
        /invalid blob key/,
      );
    }
    expect(await listAll(root)).toEqual([]);
  });

  it('derives the content type from the extension when the sidecar is missing or unreadable', async () => {
    await mkdir(path.join(dir, 'old'), { recursive: true });
    await writeFile(path.join(dir, 'old/a.webp'), 'a');
    await writeFile(path.join(dir, 'old/b.jpg'), 'b');
    await writeFile(path.join(dir, 'old/b.jpg.meta.json'), '{not json');
    expect(await store.get('old/a.webp')).toEqual({ data: Buffer.from('a'), contentType: 'image/webp' });
    expect(await store.get('old/b.jpg')).toEqual({ data: Buffer.from('b'), contentType: 'image/jpeg' });
  });

  it('ignores a sidecar written for other bytes (a put that crashed between its two renames)', async () => {
    await store.put('a/card.png', Buffer.from('old'), { contentType: 'image/png', cacheControl: 'old' });
    const sidecarFile = path.join(dir, 'a/card.png.meta.json');
    const sidecar = JSON.parse(await readFile(sidecarFile, 'utf8'));
    // The state a crash leaves: the new sidecar in place, the new data never renamed.
    await writeFile(sidecarFile, JSON.stringify({ ...sidecar, cacheControl: 'new', size: 12345 }));
    expect(await store.get('a/card.png')).toEqual({ data: Buffer.from('old'), contentType: 'image/png' });
  });

  it('leaves the old blob and no temp file when a write fails between temp file and rename', async () => {
    await store.put('clash/inner.png', Buffer.from('inner'), { contentType: 'image/png' });
    // "clash" is a folder, so renaming the finished temp file onto it fails (EISDIR).
    await expect(store.put('clash', Buffer.from('x'), { contentType: 'image/png' })).rejects.toThrow();
    expect(await store.get('clash')).toBeUndefined();
    expect((await store.get('clash/inner.png'))?.data.toString()).toBe('inner');
    expect((await listAll(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('shows no partial blob after the writing process is killed mid-write', async () => {
    const killed = await killWriterMidWrite('2026/11/new.png');
    expect(killed.tempFilesLeft).toBeGreaterThan(0); // proof the kill landed mid-write
    expect(await store.get('2026/11/new.png')).toBeUndefined();
  });

  it('keeps the previous blob whole when an overwrite is killed mid-write', async () => {
    const before = Buffer.from('the previous, complete render');
    await store.put('2026/11/same.png', before, { contentType: 'image/png', cacheControl: 'before' });
    const killed = await killWriterMidWrite('2026/11/same.png');
    expect(killed.tempFilesLeft).toBeGreaterThan(0);
    const blob = await store.get('2026/11/same.png');
    expect(blob?.data.equals(before)).toBe(true);
    expect(blob?.contentType).toBe('image/png');
    // Killed between its two renames (a microsecond window) the sidecar is the new one and is
    // ignored, so cache control is then unset; otherwise it is still the old one.
    expect([undefined, 'before']).toContain(blob?.cacheControl);
  });
});

/**
 * Starts blob-crash-writer.ts on a 256 MB blob and SIGKILLs it as soon as its temp file
 * appears; writing and fsyncing that much takes far longer than the few ms this polls at.
 */
async function killWriterMidWrite(key: string): Promise<{ tempFilesLeft: number }> {
  const folder = path.dirname(path.join(dir, key));
  await mkdir(folder, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'blob-crash-writer.ts'), dir, key, String(256 * 1024 * 1024)],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) =>
    child.on('close', (code, signal) => resolve(`${signal ?? code}`)),
  );
  const deadline = Date.now() + 20_000;
  while ((await tempFiles(folder)).length === 0) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the writer ended before it could be killed mid-write: ${await exited}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  child.kill('SIGKILL');
  const how = await exited;
  if (how !== 'SIGKILL') throw new Error(`the writer finished before the kill (${how}): raise the blob size`);
  return { tempFilesLeft: (await tempFiles(folder)).length };
}

async function tempFiles(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.endsWith('.tmp'));
}

async function listAll(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}
