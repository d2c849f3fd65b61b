// compose.yaml and the Dockerfile cannot run here (no Docker), so their one checkable promise is
// checked: every PLACARD_* variable they set is a setting the config knows, with a valid value.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, settings } from '../../src/config.ts';
import { ROOT } from '../helpers/cli.ts';

interface Service {
  environment?: Record<string, string | number | boolean> | string[];
}

const compose = parse(fs.readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};

/** Each service's environment as name → value, whether written as a map or a list. */
function environment(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line) => [line.split('=')[0] ?? '', line.slice(line.indexOf('=') + 1)])
    : Object.entries(env).map(([k, v]) => [k, String(v)]);
  return Object.fromEntries(entries) as Record<string, string>;
}

/** ${VAR:?message} and ${VAR:-default} stand for a value the operator gives; any valid one will do. */
const resolved = (value: string) =>
  value.replace(/\$\{[^:}]+:-([^}]*)\}/g, '$1').replace(/\$\{[^}]+\}/g, 'x');

const known = new Set(Object.values(settings).map((s) => s.env));

it('sets only PLACARD_* variables the config knows, with values it accepts, on api and worker nodes', () => {
  const nodes = Object.entries(compose.services).filter(([, s]) =>
    Object.keys(environment(s)).some((name) => name.startsWith('PLACARD_')),
  );
  expect(nodes.map(([name]) => name).sort()).toEqual(['api', 'worker']);
  for (const [name, service] of nodes) {
    const env = environment(service);
    const unknown = Object.keys(env).filter((v) => v.startsWith('PLACARD_') && !known.has(v));
    expect(unknown, `${name} sets unknown settings`).toEqual([]);
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, resolved(v)])));
    expect(config.role).toBe(name);
    expect(config.redisUrl).not.toBe('');
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
    expect(config.s3Bucket).not.toBe('');
  }
});

it('sets in the Dockerfile only PLACARD_* variables the config knows', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const named = [...dockerfile.matchAll(/\bPLACARD_[A-Z0-9_]+/g)].map((m) => m[0]);
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((v) => !known.has(v))).toEqual([]);
});
