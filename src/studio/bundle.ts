// The Studio page's bundle: web/studio (TypeScript, CSS, the HTML shell) bundled with esbuild
// together with CodeMirror and the UI fonts from node_modules, written to build/studio and
// served from memory. `npm run build:studio` (run by `prestart`) builds it ahead; a server
// that finds it missing or built from other sources (a fresh clone under tests, an edit)
// builds it once as it starts. Nothing is fetched from a CDN at run time.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const STUDIO_SOURCE = path.join(ROOT, 'web/studio');
export const STUDIO_OUTPUT = path.join(ROOT, 'build/studio');
const MANIFEST = 'manifest.json';

export interface StudioFile {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** File name (as requested under /studio/assets/, plus index.html) to its bytes. */
export type StudioBundle = ReadonlyMap<string, StudioFile>;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
    })
    .sort();
}

/**
 * A hash of everything the bundle is made from: the studio's sources and the lockfile (which
 * pins CodeMirror and the fonts). Hashing contents (~300 KB, about a millisecond) rather than
 * comparing mtimes stays right across clones, checkouts and copies.
 */
export function sourceFingerprint(sourceDir = STUDIO_SOURCE): string {
  const hash = createHash('sha256');
  const inputs: [string, string][] = filesUnder(sourceDir).map((file) => [
    path.relative(sourceDir, file),
    file,
  ]);
  inputs.push(['package-lock.json', path.join(ROOT, 'package-lock.json')]);
  for (const [name, file] of inputs) {
    hash.update(name).update('\0');
    if (fs.existsSync(file)) hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

function readManifest(): { fingerprint: string; files: string[] } | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(STUDIO_OUTPUT, MANIFEST), 'utf8')) as {
      fingerprint: string;
      files: string[];
    };
  } catch {
    return undefined;
  }
}

/** Writes through a temporary name so a reader (or a second builder) never sees half a file. */
function writeAtomic(file: string, body: Uint8Array): void {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temp, body);
  fs.renameSync(temp, file);
}

/** Bundles web/studio into build/studio. Answers the names of the files written. */
export async function buildStudio(): Promise<string[]> {
  const fingerprint = sourceFingerprint();
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: {
      studio: path.join(STUDIO_SOURCE, 'src/main.ts'),
      'studio-style': path.join(STUDIO_SOURCE, 'style/studio.css'),
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['chrome110', 'firefox115', 'safari16'],
    outdir: STUDIO_OUTPUT,
    write: false,
    // Fonts keep a content hash in their names; the page's own two files are revalidated by ETag.
    assetNames: '[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  fs.mkdirSync(STUDIO_OUTPUT, { recursive: true });
  const files: string[] = [];
  for (const output of result.outputFiles) {
    const name = path.basename(output.path);
    writeAtomic(path.join(STUDIO_OUTPUT, name), output.contents);
    files.push(name);
  }
  // The page shell and its icon are served as they are.
  for (const name of ['index.html', 'favicon.svg']) {
    writeAtomic(path.join(STUDIO_OUTPUT, name), fs.readFileSync(path.join(STUDIO_SOURCE, name)));
    files.push(name);
  }
  writeAtomic(path.join(STUDIO_OUTPUT, MANIFEST), Buffer.from(JSON.stringify({ fingerprint, files })));
  return files;
}

function load(files: string[]): StudioBundle {
  const bundle = new Map<string, StudioFile>();
  for (const name of files) {
    const body = fs.readFileSync(path.join(STUDIO_OUTPUT, name));
    bundle.set(name, {
      body,
      contentType: contentTypes[path.extname(name)] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    });
  }
  return bundle;
}

// One load per process, shared by every app in it (a test file may build several).
let loaded: Promise<StudioBundle> | undefined;

/** The bundle, built first when build/studio is missing or was built from other sources. */
export function loadStudio(): Promise<StudioBundle> {
  loaded ??= readOrBuild().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function readOrBuild(): Promise<StudioBundle> {
  const manifest = readManifest();
  if (manifest && manifest.fingerprint === sourceFingerprint()) {
    try {
      return load(manifest.files);
    } catch {
      // A file went missing under us: build again below.
    }
  }
  return load(await buildStudio());
}
