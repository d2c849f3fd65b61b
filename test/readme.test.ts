// Keeps the README true: every setting and every error code is documented there.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { settings } from '../src/config.ts';
import { docsUrl, errorCodes, type ErrorCode } from '../src/errors/codes.ts';

const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

it('lists every PLACARD_* setting in the configuration table', () => {
  const missing = Object.values(settings)
    .map((s) => s.env)
    .filter((env) => !new RegExp(`\\|\\s*\`${env}\`\\s*\\|`).test(readme));
  expect(missing).toEqual([]);
});

it('documents every error code under the anchor its docs link points to', () => {
  for (const code of Object.keys(errorCodes) as ErrorCode[]) {
    const anchor = docsUrl(code).split('#')[1];
    const row = new RegExp(
      `\\|\\s*<a id="${anchor}"></a>\`${code}\`\\s*\\|\\s*${errorCodes[code].status}\\s*\\|`,
    );
    expect(readme).toMatch(row);
  }
});

it('keeps its own shell variables outside the PLACARD_ prefix, which is reserved for settings', () => {
  const known = new Set(Object.values(settings).map((s) => s.env));
  const used = [...readme.matchAll(/\$\{?(PLACARD_\w+)/g)].map((m) => m[1]!);
  expect(used.filter((name) => !known.has(name))).toEqual([]);
  expect(readme).toContain('Bearer $API_KEY');
});

it('names only template and settings files that exist in its placard commands', () => {
  const files = [...readme.matchAll(/^npx placard .*$/gm)].flatMap((m) =>
    [...m[0].matchAll(/(?:^|\s)((?:bench|examples)\/[\w./-]+)/g)].map((f) => f[1]!),
  );
  expect(files).toContain('examples/card.tsx');
  const missing = files.filter((file) => !fs.existsSync(path.resolve(import.meta.dirname, '..', file)));
  expect(missing).toEqual([]);
});
