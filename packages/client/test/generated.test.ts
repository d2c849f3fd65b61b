// The committed generated types must be what the server's OpenAPI document generates now:
// a route schema change without `npm run sdk:generate` fails here.
import fs from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_FILE, generateTypes } from '../scripts/generate.ts';

it("matches the server's OpenAPI document (run `npm run sdk:generate` after changing a route schema)", async () => {
  const committed = await fs.readFile(GENERATED_FILE, 'utf8');
  const fresh = await generateTypes();
  // toBe on strings prints a line diff of what drifted.
  expect(committed).toBe(fresh);
});

it('leaves the compat dialects out and keeps every native route', async () => {
  const committed = await fs.readFile(GENERATED_FILE, 'utf8');
  expect(committed).not.toContain("'/compat/");
  for (const route of [
    '/v1/render',
    '/v1/render/batch',
    '/v1/validate',
    '/v1/templates/{id}/versions',
    '/v1/urls',
  ])
    expect(committed).toContain(`'${route}': {`);
});
