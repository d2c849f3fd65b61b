import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { freePort, ROOT, runCli, startServer, type Server } from '../helpers/cli.ts';
import { testFonts } from '../helpers/fonts.ts';
import { decode } from '../helpers/image.ts';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('placard render', () => {
  it('renders a template file with --vars and --var to the requested format', async () => {
    const out = path.join(tempDir(), 'card.webp');
    const result = await runCli([
      'render',
      'bench/standard-card.html',
      '--vars',
      'bench/standard-card.json',
      '--var',
      'title=Hello from the CLI',
      '--format',
      'webp',
      '-o',
      out,
    ]);
    expect(result.stderr).toContain('wrote');
    expect(result.code).toBe(0);
    const image = await decode(fs.readFileSync(out));
    expect([image.width, image.height]).toEqual([1200, 630]);
    expect(fs.readFileSync(out).subarray(8, 12).toString()).toBe('WEBP');
  });

  it('takes the format from the output file name and writes to stdout with -o -', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.html');
    fs.writeFileSync(file, '<div>{{x}}</div>');
    const jpg = await runCli([
      'render',
      file,
      '--var',
      'x=1',
      '--width',
      '100',
      '--height',
      '50',
      '-o',
      path.join(dir, 'c.jpg'),
    ]);
    expect(jpg.code).toBe(0);
    expect([...fs.readFileSync(path.join(dir, 'c.jpg')).subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const stdout = await runCli(['render', file, '--width', '100', '--height', '50', '-o', '-']);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.subarray(1, 4).toString()).toBe('PNG');
  });

  it('fails with the same validation message as the API', async () => {
    const result = await runCli([
      'render',
      'bench/standard-card.html',
      '--width',
      '0',
      '--format',
      'gif',
      '-o',
      '-',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('VALIDATION_FAILED');
    expect(result.stderr).toContain('option.width');
    expect(result.stderr).toContain('option.format');
    expect(result.stdout.length).toBe(0);
  });
});

describe('placard keys', () => {
  it(
    'creates, lists and revokes keys in the same database the server uses',
    { timeout: 120_000 },
    async () => {
      const env = { PLACARD_DATA_DIR: tempDir() };
      const created = await runCli(['keys', 'create', '--name', 'deploy', '--role', 'member'], env);
      expect(created.code).toBe(0);
      const key = created.stdout.toString().trim();
      expect(key).toMatch(/^pk_/);
      const id = /(key_[\w-]+)/.exec(created.stderr)?.[1];
      expect(id).toBeDefined();

      const listed = await runCli(['keys', 'list'], env);
      expect(listed.stdout.toString()).toContain(`${id}\t${key.slice(0, 8)}…\tmember\tdeploy`);
      expect(listed.stdout.toString()).not.toContain(key);

      expect((await runCli(['keys', 'revoke', id!], env)).code).toBe(0);
      expect((await runCli(['keys', 'list'], env)).stdout.toString()).toContain('revoked');
      const twice = await runCli(['keys', 'revoke', id!], env);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toContain('NOT_FOUND');
    },
  );
});

describe('placard render, given bad input', () => {
  it.each([
    [
      ['render', 'missing.tsx', '-o', '-'],
      /^placard: cannot read template file "missing\.tsx": no such file\n$/,
    ],
    [
      ['render', 'README.md', '-o', '-'],
      /^placard: cannot tell the template kind of "README\.md".*received: "\.md"\n$/,
    ],
    [
      ['render', 'examples/card.tsx', '-o', 'x.gif'],
      /^placard: cannot tell the image format of "x\.gif".*received: "\.gif"\n$/,
    ],
    [
      ['render', 'examples/card.tsx', '--vars', 'nope.json'],
      /^placard: cannot read --vars file "nope\.json": no such file\n$/,
    ],
    [
      ['render', '--preset', 'nope', '-o', '-'],
      /^placard: TEMPLATE_NOT_FOUND: No preset "nope"; allowed: default, social-card/,
    ],
    [
      ['render', 'examples/card.tsx', '--engine', 'gpu', '-o', '-'],
      /option\.engine must be one of "auto", "native", "chromium"; received: "gpu"/,
    ],
    [
      ['render', 'examples/card.tsx', '--font', 'nope.woff2', '-o', '-'],
      /^placard: cannot read --font file "nope\.woff2": no such file\n$/,
    ],
    [['render', '-o', '-'], /^placard: give a template file or --preset <name> \(one of default, /],
  ])('%j fails in one line naming the problem', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout.length).toBe(0);
  });

  it('names a --vars file that is not JSON, or not an object, in one line', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"title": "x",}');
    const notJson = await runCli(['render', 'examples/card.tsx', '--vars', bad, '-o', '-']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^placard: --vars file "${bad}" is not valid JSON: `)),
    ]);
    fs.writeFileSync(bad, '["title"]');
    const notObject = await runCli(['render', 'examples/card.tsx', '--vars', bad, '-o', '-']);
    expect(notObject.stderr.trim()).toBe(
      `placard: --vars file "${bad}" must hold a JSON object; received an array`,
    );
  });
});

describe('placard render --preset and --engine', () => {
  it('renders a preset with the engine asked for', async () => {
    const out = path.join(tempDir(), 'social.jpg');
    const result = await runCli([
      'render',
      '--preset',
      'social-card',
      '--var',
      'title=Hi',
      '--engine',
      'native',
      '-o',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('native');
    expect([...fs.readFileSync(out).subarray(0, 2)]).toEqual([0xff, 0xd8]);
  });

  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(`${pkg.version}\n`);
  });
});

/** Every `npx placard ...` line of the README's shell blocks, split into arguments. */
function readmeCommands(): string[][] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const commands: string[][] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      if (!line.startsWith('npx placard ')) continue;
      // Shell words: runs of unquoted characters and "double-quoted" parts; a word starting
      // with # begins a comment.
      const words = line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
      const end = words.findIndex((w) => w.startsWith('#'));
      commands.push(words.slice(2, end === -1 ? undefined : end).map((w) => w.replace(/"/g, '')));
    }
  }
  return commands;
}

describe('every placard command in the README', () => {
  const commands = readmeCommands();

  it('finds the README commands', () => {
    expect(commands.map((c) => c[0])).toEqual(
      expect.arrayContaining(['render', 'batch', 'serve', 'keys', 'fonts', '--version']),
    );
  });

  it.each(commands.map((c) => [c.join(' '), c] as const))('runs: placard %s', async (_, command) => {
    const dir = tempDir();
    const args = [...command];
    // A relative input file the README only stands for (./Brand.woff2): a real one of its kind.
    for (const [i, arg] of args.entries()) {
      if (arg.startsWith('./') && arg.endsWith('.woff2')) {
        args[i] = path.join(dir, path.basename(arg));
        fs.writeFileSync(args[i]!, testFonts.woff2());
      }
    }
    const o = args.indexOf('-o');
    const output = o === -1 ? undefined : path.join(dir, args[o + 1]!);
    if (output) args[o + 1] = output;
    if (args[0] === 'serve') {
      const p = args.indexOf('--port');
      const port = String(await freePort());
      args[p + 1] = port;
      const server = await startServer({ PLACARD_DATA_DIR: dir, PLACARD_PORT: port }, args.slice(1));
      servers.push(server);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      await server.stop();
      return;
    }
    const out = args.indexOf('--out'); // placard batch: the images go to a fresh directory
    if (out !== -1) args[out + 1] = path.join(dir, args[out + 1]!);
    const result = await runCli(args, { PLACARD_DATA_DIR: dir });
    expect(result.stderr).not.toMatch(/error|\n\s+at /i);
    expect(result.code).toBe(0);
    if (out !== -1) {
      const images = fs.readdirSync(args[out + 1]!).filter((f) => !f.startsWith('.'));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images)
        expect((await decode(fs.readFileSync(path.join(args[out + 1]!, image)))).width).toBe(1200);
    }
    if (output) {
      const image = await decode(fs.readFileSync(output));
      expect(image.width).toBeGreaterThan(0);
    }
  });
});
