import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { runCli } from '../helpers/cli.ts';
import { decode } from '../helpers/image.ts';

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
  it('creates, lists and revokes keys in the same database the server uses', async () => {
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
  });
});
