// The Audome and RasterKit dialects only translate: they reach templates, renders, jobs,
// signing and metering through the services the native API uses, never an engine, the
// database, the blob store, the cache or a queue backend. Checked on the source itself.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');
const DIALECT_FILES = [
  ...['audome', 'rasterkit'].flatMap((dialect) =>
    fs
      .readdirSync(path.join(SRC, 'http/compat', dialect))
      .map((file) => path.join('http/compat', dialect, file)),
  ),
  // The shared helpers these two dialects brought.
  'http/compat/shared/abandoned.ts',
  'http/compat/shared/dialect-errors.ts',
  'http/fastify-errors.ts',
];

/** Modules whose code (not just types) a dialect must not load. */
const FORBIDDEN_MODULES = [
  /\/engines\//,
  /\/storage\//,
  /\/cache\//,
  /\/queue\//,
  /\/metering\//,
  /\/core\/(pipeline|fetch-guard|render-pool)/,
];
/** Parts of Services that are the machinery itself. */
const FORBIDDEN_SERVICES = ['db', 'engine', 'cache', 'fetcher', 'pool', 'metering'];

function violations(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?[\s\S]*?from\s+'([^']+)';/gm)) {
    const [statement, typeOnly, from] = match;
    if (!typeOnly && FORBIDDEN_MODULES.some((m) => m.test(from!)))
      found.push(`imports ${from}: ${statement}`);
  }
  const names = FORBIDDEN_SERVICES.join('|');
  for (const match of source.matchAll(new RegExp(`services\\??\\.(${names})\\b`, 'g')))
    found.push(`uses ${match[0]}`);
  for (const match of source.matchAll(
    new RegExp(`\\{[^}]*\\b(${names})\\b[^}]*\\}\\s*=\\s*(deps\\.)?services\\b`, 'g'),
  )) {
    found.push(`takes ${match[1]} from services`);
  }
  return found;
}

describe('dialect boundaries', () => {
  it('catches what it is meant to catch', () => {
    expect(
      violations("import { createNativeEngine } from '../../../engines/native/engine.ts';"),
    ).toHaveLength(1);
    expect(violations("import type { Database } from '../../../storage/db/index.ts';")).toHaveLength(0);
    expect(violations('const rows = await deps.services.db.renders.get(a, b);')).toHaveLength(1);
    expect(violations('const { db, pipeline } = deps.services;')).toHaveLength(1);
  });

  it.each(DIALECT_FILES)('%s reaches nothing but the services', (file) => {
    expect(violations(fs.readFileSync(path.join(SRC, file), 'utf8'))).toEqual([]);
  });
});
