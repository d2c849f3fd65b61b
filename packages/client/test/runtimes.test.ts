// The client's sources in Bun and Deno (both run TypeScript), against a real server: a render,
// an API error and a webhook verified with Web Crypto. Runs for each runtime found on PATH or
// named by BUN_BIN / DENO_BIN; neither is a dependency of this repository.
import { execFile, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, TEST_KEY, type Listening } from './server.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

function find(name: string, env: string | undefined): string | undefined {
  if (env) return env;
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const runtimes = {
  bun: find('bun', process.env.BUN_BIN),
  deno: find('deno', process.env.DENO_BIN),
};

const script = `
import { createPlacardClient, PlacardApiError, verifyWebhook } from '${root}/packages/client/src/index.ts';
const [baseUrl, apiKey, body, signature] = (globalThis.Deno ? Deno.args : process.argv.slice(2));
const client = createPlacardClient({ baseUrl, apiKey });
const image = await client.render({ html: '<div>runtime</div>', width: 120, height: 60 });
const error = await client.render({ html: '<div/>', width: 0 }).catch((e) => e);
const good = await verifyWebhook({ body, signature, secret: 'whsec_runtime' });
const bad = await verifyWebhook({ body: body + ' ', signature, secret: 'whsec_runtime' });
console.log(JSON.stringify([image.contentType, image.width, error instanceof PlacardApiError && error.code, good.ok, bad.ok]));
`;

let server: Listening;
let file: string;
beforeAll(async () => {
  server = await listen();
  const dir = path.join(root, 'test/output');
  fs.mkdirSync(dir, { recursive: true });
  file = path.join(dir, 'client-runtime-check.ts');
  fs.writeFileSync(file, script);
});
afterAll(() => server.close());

describe.each(Object.entries(runtimes))('in %s', (name, binary) => {
  it.skipIf(!binary)('renders, throws PlacardApiError and verifies a webhook', async () => {
    const body = JSON.stringify({ type: 'render.succeeded', id: 'job_1', status: 'succeeded' });
    const t = Math.floor(Date.now() / 1000);
    const signature = `t=${t},v1=${createHmac('sha256', 'whsec_runtime').update(`${t}.${body}`).digest('hex')}`;
    const args = [server.baseUrl, TEST_KEY, body, signature];
    const command =
      name === 'deno'
        ? [
            'run',
            `--allow-net=${new URL(server.baseUrl).host}`,
            '--allow-read',
            '--node-modules-dir=manual',
            file,
            ...args,
          ]
        : [file, ...args];
    const { stdout } = await run(binary!, command, { cwd: root });
    expect(JSON.parse(stdout)).toEqual(['image/png', 120, 'VALIDATION_FAILED', true, false]);
  });
});
