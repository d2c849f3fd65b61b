// API keys until they live in the database: keys from config plus the bootstrap key file.
// On a first start with no key anywhere, one key is created, shown once, and only its
// SHA-256 hash is kept (data folder, mode 0600), like a password.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface KeyStore {
  verify(key: string): boolean;
}

export interface KeyStoreOptions {
  apiKeys: readonly string[];
  dataDir: string;
  /** Called with a newly created key, the only time it is ever visible. */
  onCreated?: (key: string, file: string) => void;
}

interface KeyFile {
  keys: { hash: string; prefix: string; createdAt: string }[];
}

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export const KEY_FILE = 'api-keys.json';

function readKeyFile(file: string): KeyFile {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
    throw new Error(`Cannot read API key file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

function createKey(file: string): string {
  const key = `pk_${randomBytes(24).toString('base64url')}`;
  const content: KeyFile = {
    keys: [{ hash: hashKey(key), prefix: key.slice(0, 7), createdAt: new Date().toISOString() }],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a crash never leaves a half-written key file behind.
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(content, null, 2), { mode: 0o600 });
  fs.renameSync(temp, file);
  return key;
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const file = path.join(options.dataDir, KEY_FILE);
  const stored = readKeyFile(file);
  if (options.apiKeys.length === 0 && stored.keys.length === 0) {
    const key = createKey(file);
    options.onCreated?.(key, file);
    stored.keys.push({ hash: hashKey(key), prefix: key.slice(0, 7), createdAt: new Date().toISOString() });
  }
  // Comparing SHA-256 digests through a Set leaks nothing usable about the key itself.
  const hashes = new Set([...options.apiKeys.map(hashKey), ...stored.keys.map((k) => k.hash)]);
  return { verify: (key) => key.length > 0 && hashes.has(hashKey(key)) };
}
