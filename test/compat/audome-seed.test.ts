// Audome's own examples (cURL, Node fetch, Python requests) run unmodified but for the base
// URL, the token and PROJECT_ID, with the real curl, node and python3 binaries, against a
// listening server; their output (the imageUrl) must serve the image they asked for.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import {
  audomeProject,
  nativeTemplate,
  startDialects,
  TEST_KEY,
  type DialectServer,
} from './audome-fixture.ts';
import { curlGenerate, curlProject, nodeGenerate, pythonGenerate } from './audome-seed-examples.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

let s: DialectServer;
let projectId: string;
let dir: string;

beforeAll(async () => {
  s = await startDialects();
  projectId = await nativeTemplate(s, { name: 'Seed project', kind: 'elements', source: audomeProject });
  dir = tempDir('placard-audome-seed-');
});
afterAll(() => s.close());

const adapt = (snippet: string) =>
  snippet
    .replaceAll('https://audome.io', s.audome)
    .replaceAll('YOUR_API_TOKEN', TEST_KEY)
    .replaceAll('PROJECT_ID', projectId);

const env = () => ({ ...process.env, AUDOME_TOKEN: TEST_KEY });

async function runFile(command: string, name: string, source: string): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, adapt(source));
  const { stdout } = await run(command, [file], { env: env(), cwd: dir, timeout: 60_000 });
  return stdout.trim();
}

async function fetchImage(url: string) {
  expect(url.startsWith(`${s.base}/r/`)).toBe(true);
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return sharp(Buffer.from(await res.arrayBuffer())).metadata();
}

const pythonProblem = (() => {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is not installed`;
  try {
    // Synchronous on purpose: the answer decides whether the test is declared at all.
    execFileSync(PYTHON, ['-c', 'import requests']);
    return undefined;
  } catch {
    return `${PYTHON} has no requests module`;
  }
})();
if (pythonProblem) console.log(`Skipping the Python example: ${pythonProblem}.`);

describe("Audome's seed examples against Placard", () => {
  it('cURL: renders the project and answers the documented JSON', async () => {
    const { stdout } = await run('bash', ['-c', adapt(curlGenerate)], { timeout: 60_000 });
    const json = JSON.parse(stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ success: true, width: 400, height: 200, format: 'png' });
    expect(typeof json.creditsUsed).toBe('number');
    expect(typeof json.creditsRemaining).toBe('number');
    expect(String(json.generationId)).toMatch(/^gen_/);
    const meta = await fetchImage(String(json.imageUrl));
    expect(meta).toMatchObject({ format: 'png', width: 400, height: 200 });
  });

  it('Node fetch: prints an imageUrl that serves a jpeg', async () => {
    const url = await runFile(process.execPath, 'generate.mjs', nodeGenerate);
    expect(await fetchImage(url)).toMatchObject({ format: 'jpeg', width: 400, height: 200 });
  });

  it.skipIf(pythonProblem !== undefined)(
    'Python requests: prints an imageUrl that serves a png',
    async () => {
      const url = await runFile(PYTHON, 'generate.py', pythonGenerate);
      expect(await fetchImage(url)).toMatchObject({ format: 'png', width: 400, height: 200 });
    },
  );

  it("cURL: discovers the project's dynamic schema", async () => {
    const { stdout } = await run('bash', ['-c', adapt(curlProject)], { timeout: 60_000 });
    const json = JSON.parse(stdout) as { dynamicElements: Record<string, unknown>[] };
    expect(json.dynamicElements.map((e) => `${e.type}:${e.dynamicKey}`)).toEqual([
      'text:title',
      'text:subtitle',
      'image:hero',
    ]);
    for (const element of json.dynamicElements) {
      expect(Object.keys(element)).toEqual(
        expect.arrayContaining(['type', 'dynamicKey', 'defaultValue', 'placeholder']),
      );
    }
  });
});
