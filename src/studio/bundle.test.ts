import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildStudio, sourceFingerprint, STUDIO_OUTPUT } from './bundle.ts';

const manifestFile = path.join(STUDIO_OUTPUT, 'manifest.json');
const readManifest = () =>
  JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { fingerprint: string; files: string[] };

describe('the studio bundle', () => {
  it('bundles the page, CodeMirror and the fonts into build/studio with the fingerprint of its sources', async () => {
    const started = performance.now();
    const files = await buildStudio();
    console.log(`studio bundle built in ${Math.round(performance.now() - started)} ms`);
    expect(files).toEqual(
      expect.arrayContaining(['studio.js', 'studio-style.css', 'index.html', 'favicon.svg']),
    );
    expect(files.some((f) => /^inter-latin-400-normal-\w+\.woff2$/.test(f))).toBe(true);
    expect(readManifest()).toEqual({ fingerprint: sourceFingerprint(), files });
    const script = fs.readFileSync(path.join(STUDIO_OUTPUT, 'studio.js'), 'utf8');
    // CodeMirror and the Handlebars grammar are inside; nothing is imported from elsewhere.
    expect(script).toContain('cm-editor');
    expect(script).not.toMatch(/\bimport\s*\(|from\s*["']https?:/);
  });

  it('is rebuilt by a process that finds it built from other sources', async () => {
    fs.writeFileSync(manifestFile, JSON.stringify({ fingerprint: 'from-an-older-checkout', files: [] }));
    // A fresh module instance: loadStudio keeps one load per process.
    vi.resetModules();
    const { loadStudio } = await import('./bundle.ts');
    const bundle = await loadStudio();
    expect(readManifest().fingerprint).toBe(sourceFingerprint());
    expect(bundle.get('studio.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(bundle.get('index.html')?.body.toString()).toContain('__CSP_NONCE__');
  });

  it('changes its fingerprint when a source changes, and only then', () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'placard-studio-'));
    fs.cpSync(path.resolve(import.meta.dirname, '../../web/studio'), copy, { recursive: true });
    const before = sourceFingerprint(copy);
    expect(sourceFingerprint(copy)).toBe(before);
    expect(sourceFingerprint(copy)).toBe(sourceFingerprint());
    fs.appendFileSync(path.join(copy, 'src/main.ts'), '\n');
    expect(sourceFingerprint(copy)).not.toBe(before);
    fs.rmSync(copy, { recursive: true });
  });
});
