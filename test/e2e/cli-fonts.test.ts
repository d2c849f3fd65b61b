// `placard fonts add|list|remove` (on the local database, and through a server with --server)
// and `placard render --font`, as the real binary in a child process.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { runCli, startServer, type Server } from '../helpers/cli.ts';
import { testFonts } from '../helpers/fonts.ts';
import { decode } from '../helpers/image.ts';

// Each command is a fresh Node process that loads the TypeScript sources: seconds on a busy host.
const SLOW = { timeout: 180_000 };
const dir = tempDir('placard-cli-fonts-');
const otf = path.join(dir, 'Brand.otf');
const woff2 = path.join(dir, 'Brand.woff2');
fs.writeFileSync(otf, testFonts.otf());
fs.writeFileSync(woff2, testFonts.woff2());
const variable = path.join(dir, 'Variable.woff2');
fs.copyFileSync(
  createRequire(import.meta.url).resolve('@fontsource-variable/inter/files/inter-latin-wght-normal.woff2'),
  variable,
);

describe('placard render --font', () => {
  it('draws text in the given font, which is then not reported as missing', SLOW, async () => {
    const template = path.join(dir, 'card.html');
    fs.writeFileSync(template, `<p style="font-family:'Test Mono';font-size:48px;margin:0">Wiggly 42</p>`);
    const common = ['render', template, '--width', '400', '--height', '80'];
    const plain = await runCli([...common, '-o', path.join(dir, 'plain.png')]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('drawn in Inter: Test Mono');
    const branded = await runCli([...common, '--font', otf, '-o', path.join(dir, 'branded.png')]);
    expect(branded.stderr).not.toContain('drawn in Inter');
    expect(branded.code).toBe(0);
    const [a, b] = await Promise.all([
      decode(fs.readFileSync(path.join(dir, 'plain.png'))),
      decode(fs.readFileSync(path.join(dir, 'branded.png'))),
    ]);
    expect(a.data.equals(b.data)).toBe(false);
  });

  it('refuses a file that is not a font with the upload error', SLOW, async () => {
    const bad = path.join(dir, 'bad.woff2');
    fs.writeFileSync(bad, 'not a font');
    const result = await runCli(['render', path.join(dir, 'card.html'), '--font', bad, '-o', '-']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FONT_INVALID');
  });
});

describe('placard fonts on the local database', () => {
  it('adds, lists and removes', SLOW, async () => {
    const env = { PLACARD_DATA_DIR: tempDir('placard-cli-fonts-db-') };
    const added = await runCli(['fonts', 'add', woff2, '--family', 'Brand Sans', '--weight', '700'], env);
    expect(added.stderr).toContain('added Brand Sans 700 normal (woff2');
    expect(added.code).toBe(0);
    const id = added.stdout.toString().trim();
    expect(id).toMatch(/^fnt_/);
    const listed = await runCli(['fonts', 'list'], env);
    expect(listed.stdout.toString()).toBe(
      `${id}\tBrand Sans\t700\tnormal\twoff2\t${testFonts.woff2().length}\tLatin\n`,
    );
    const removed = await runCli(['fonts', 'remove', id], env);
    expect(removed.code).toBe(0);
    expect((await runCli(['fonts', 'list'], env)).stdout.toString()).toBe('');
    // A variable font's weight column is its axis.
    const axis = await runCli(['fonts', 'add', variable, '--family', 'Brand Variable'], env);
    expect(axis.stderr).toContain('added Brand Variable 100-900 normal (woff2');
    const variableId = axis.stdout.toString().trim();
    expect((await runCli(['fonts', 'list'], env)).stdout.toString()).toContain(
      `${variableId}\tBrand Variable\t100-900\tnormal\twoff2`,
    );
    expect((await runCli(['fonts', 'remove', variableId], env)).code).toBe(0);
    const again = await runCli(['fonts', 'remove', id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('FONT_NOT_FOUND');
  });
});

describe('placard fonts --server', () => {
  let server: Server;
  const key = 'cli-fonts-key-0123456789';
  beforeAll(async () => {
    server = await startServer({
      PLACARD_DATA_DIR: tempDir('placard-cli-fonts-srv-'),
      PLACARD_API_KEYS: key,
    });
  }, 120_000);
  afterAll(() => server.stop());

  it('adds, lists and removes through the API, with its error codes', SLOW, async () => {
    const target = ['--server', server.url, '--key', key];
    const added = await runCli(['fonts', 'add', otf, ...target]);
    expect(added.code).toBe(0);
    const id = added.stdout.toString().trim();
    expect((await runCli(['fonts', 'list', ...target])).stdout.toString()).toContain(`${id}\tTest Mono\t500`);
    const twin = await runCli(['fonts', 'add', otf, ...target]);
    expect(twin.code).toBe(1);
    expect(twin.stderr).toContain('FONT_EXISTS');
    expect((await runCli(['fonts', 'remove', id, ...target])).code).toBe(0);
    expect((await runCli(['fonts', 'list', ...target])).stdout.toString()).toBe('');
  });
});
