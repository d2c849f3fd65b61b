// RasterKit's own examples (curl, Node fetch, Python requests, and Java where a JDK is
// installed) run unmodified but for the base URL, the key and the template id, with the real
// binaries, against a listening server; each must save og-image.png as a 1200x630 PNG.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { startDialects, TEST_KEY, type DialectServer } from './audome-fixture.ts';
import { keyed, rasterkitTemplate } from './rasterkit-fixture.ts';
import {
  curlImage,
  inlineTemplateBody,
  javaImage,
  nodeImage,
  pythonImage,
} from './rasterkit-seed-examples.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

function missing(command: string, args: string[]): string | undefined {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return undefined;
  } catch {
    return `${command} ${args.join(' ')} failed`;
  }
}
const pythonProblem = missing(PYTHON, ['-c', 'import requests']);
const javaProblem = missing('java', ['-version']);
if (pythonProblem) console.log(`Skipping the Python example: ${pythonProblem}.`);
if (javaProblem) console.log(`Skipping the Java example: ${javaProblem}.`);

let s: DialectServer;
let templateId: string;

beforeAll(async () => {
  s = await startDialects();
  templateId = await rasterkitTemplate(s);
});
afterAll(() => s.close());

const adapt = (snippet: string) =>
  snippet.replaceAll('https://rasterkit.com', s.rasterkit).replaceAll('tpl_your_template', templateId);

/** Runs `command` on the example saved as `file` in a fresh folder; answers the saved image. */
async function runExample(command: string, args: (file: string) => string[], file: string, source: string) {
  const dir = tempDir('placard-rasterkit-seed-');
  fs.writeFileSync(path.join(dir, file), adapt(source));
  const env = { ...process.env, RASTERKIT_API_KEY: TEST_KEY };
  const { stdout } = await run(command, args(file), { cwd: dir, env, timeout: 120_000 });
  return { stdout: stdout.trim(), image: fs.readFileSync(path.join(dir, 'og-image.png')) };
}

async function expectOgPng(image: Buffer) {
  expect(await sharp(image).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
}

describe("RasterKit's seed examples against Placard", () => {
  it('curl saves og-image.png', async () => {
    const { image } = await runExample('bash', (file) => [file], 'render.sh', curlImage);
    await expectOgPng(image);
  });

  it('Node fetch saves og-image.png', async () => {
    const { stdout, image } = await runExample(process.execPath, (file) => [file], 'render.mjs', nodeImage);
    expect(stdout).toBe('Saved og-image.png');
    await expectOgPng(image);
  });

  it.skipIf(pythonProblem !== undefined)('Python requests saves og-image.png', async () => {
    const { stdout, image } = await runExample(PYTHON, (file) => [file], 'render.py', pythonImage);
    expect(stdout).toBe('Saved og-image.png');
    await expectOgPng(image);
  });

  it.skipIf(javaProblem !== undefined)('Java HttpClient saves og-image.png', async () => {
    const { stdout, image } = await runExample('java', (file) => [file], 'Render.java', javaImage);
    expect(stdout).toBe('Saved og-image.png');
    await expectOgPng(image);
  });

  it('renders the inline template example', async () => {
    const res = await fetch(`${s.rasterkit}/v1/image`, {
      method: 'POST',
      headers: keyed(),
      body: inlineTemplateBody,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    await expectOgPng(Buffer.from(await res.arrayBuffer()));
  });
});
