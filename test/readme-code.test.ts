// Runs the "Use from code" examples of the README as written (each code block after a
// `<!-- run: <file> -->` marker), against a real server on a socket where they need one.
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, TEST_KEY, type Listening } from '../packages/client/test/server.ts';
import { decode } from './helpers/image.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
// Inside the package, so `placard/og` (self-reference) and `@placard/client` resolve.
const dir = path.join(root, 'test/output/readme');

function example(file: string): string {
  const match = new RegExp(
    `<!-- run: ${file.replace('.', '\\.')} -->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``,
  ).exec(readme);
  if (!match?.[1]) throw new Error(`README has no example marked <!-- run: ${file} -->`);
  fs.writeFileSync(path.join(dir, file), match[1]);
  return path.join(dir, file);
}

let server: Listening;
beforeAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  server = await listen({}, true);
});
afterAll(() => server.close());

describe('README: Use from code', () => {
  it('runs the SDK example against a server', async () => {
    const file = example('readme-sdk.ts');
    // The client's sources through tsx, as its tests use them (published: the built dist/).
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--conditions=placard-source', file], {
      cwd: dir,
      env: { ...process.env, API_URL: server.baseUrl, API_KEY: TEST_KEY },
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('400 VALIDATION_FAILED');
    expect(lines[1]).toMatch(/^1200 true http:\/\/127\.0\.0\.1:\d+\/r\/\S+\.png 1 succeeded$/);
    const card = await decode(fs.readFileSync(path.join(dir, 'card.png')));
    expect([card.width, card.height]).toEqual([1200, 630]);
  });

  it('runs the webhook handler on a signed request, and refuses a forged one', async () => {
    const secret = 'whsec_readme';
    process.env.WEBHOOK_SECRET = secret;
    const { POST } = (await import(example('readme-webhook.ts'))) as {
      POST: (r: Request) => Promise<Response>;
    };
    const body = JSON.stringify({
      type: 'render.succeeded',
      id: 'job_1',
      status: 'succeeded',
      result: { id: 'r', url: 'u' },
    });
    const t = Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    const signed = (signature: string) =>
      new Request('http://localhost/hook', {
        method: 'POST',
        body,
        headers: { 'x-placard-signature': signature },
      });
    expect((await POST(signed(`t=${t},v1=${v1}`))).status).toBe(204);
    const forged = await POST(signed(`t=${t},v1=${'0'.repeat(64)}`));
    expect([forged.status, await forged.text()]).toEqual([400, 'signature-mismatch']);
    delete process.env.WEBHOOK_SECRET;
  });

  it('runs the ImageResponse route', async () => {
    const { GET } = (await import(example('readme-og-route.tsx'))) as {
      GET: (r: Request) => Promise<Response>;
    };
    const response = await GET(new Request('http://localhost/api/og?title=Moved%20over'));
    expect(response.headers.get('content-type')).toBe('image/png');
    const image = await decode(Buffer.from(await response.arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 630]);
  });

  it("type-checks the TypeScript examples as a user's project would", async () => {
    for (const file of ['readme-sdk.ts', 'readme-webhook.ts', 'readme-og-route.tsx']) example(file);
    // placard/og as a user sees it (its declarations, not the server's sources).
    const config = {
      extends: '../../../tsconfig.json',
      compilerOptions: { paths: { 'placard/og': ['../../../og.d.ts'] } },
      include: ['*.ts', '*.tsx'],
      exclude: [],
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const checked = await run(process.execPath, [tsc, '--noEmit', '-p', dir]).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(checked).toBe('');
  }, 120_000);

  it('runs the render() script in plain Node', async () => {
    const file = example('readme-render.mjs');
    await run(process.execPath, [file], { cwd: dir, env: { ...process.env, NODE_OPTIONS: '' } });
    const image = await decode(fs.readFileSync(path.join(dir, 'hello.png')));
    expect([image.width, image.height]).toEqual([1200, 630]);
  });
});
