// Keeps the README true: every setting and every error code is documented there.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { settings } from '../src/config.ts';
import { docsUrl, errorCodes, type ErrorCode } from '../src/core/error-codes.ts';

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
