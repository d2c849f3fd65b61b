// The package as published: compiled by `npm run build` to dist/, imported by plain Node
// (no TypeScript loader) through its package name, against a real server.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listen, TEST_KEY, type Listening } from './server.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

let server: Listening;
beforeAll(async () => {
  server = await listen();
  await run('npm', ['run', 'build', '--workspace=@placard/client'], { cwd: root });
}, 120_000);
afterAll(() => server.close());

const script = `
import { createPlacardClient, PlacardApiError } from '@placard/client';
const client = createPlacardClient({ baseUrl: process.env.BASE_URL, apiKey: process.env.KEY });
const image = await client.render({ html: '<div>built</div>', width: 120, height: 60 });
const error = await client.render({ html: '<div/>', width: 0 }).catch((e) => e);
console.log(JSON.stringify({
  bytes: image.data.length, type: image.contentType, width: image.width,
  error: error instanceof PlacardApiError ? [error.code, error.status] : String(error),
}));
`;

it('renders from plain Node through the compiled dist/ entry point', async () => {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, BASE_URL: server.baseUrl, KEY: TEST_KEY, NODE_OPTIONS: '' },
  });
  const out = JSON.parse(stdout) as { bytes: number; type: string; width: number; error: unknown };
  expect(out).toMatchObject({ type: 'image/png', width: 120, error: ['VALIDATION_FAILED', 400] });
  expect(out.bytes).toBeGreaterThan(100);
});
