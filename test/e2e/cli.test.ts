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
