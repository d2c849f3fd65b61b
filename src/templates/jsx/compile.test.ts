import { describe, expect, it } from 'vitest';
import { PlacardError } from '../../errors/placard-error.ts';
import { compileJsx } from './compile.ts';
import { cardTemplate } from '../../../test/helpers/jsx-card.ts';

async function compileError(
  source: string,
  options?: Parameters<typeof compileJsx>[1],
): Promise<PlacardError> {
  const error: unknown = await compileJsx(source, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlacardError);
  return error as PlacardError;
}

describe('compileJsx', () => {
  it('compiles a card template once into a script, its options and its props', async () => {
    const compiled = await compileJsx(cardTemplate);
    expect(compiled.code).toContain('__placard_module');
    expect(compiled.options).toEqual({ width: 1200, height: 630, format: 'png', devicePixelRatio: 2 });
    expect(compiled.props).toEqual([
      { name: 'title', default: 'Untitled' },
      { name: 'description' },
      { name: 'author', default: 'Placard' },
      { name: 'tags', default: [] },
      { name: 'accent', default: '#6d28d9' },
      { name: 'dark', default: false },
    ]);
  });

  it('evaluates options in the sandbox, so computed values work', async () => {
    const source =
      'const W = 600; export const options = { width: W * 2, height: W };\nexport default () => <div />;';
    expect((await compileJsx(source)).options).toEqual({ width: 1200, height: 600 });
  });

  it('gives no options when the template exports none', async () => {
    expect((await compileJsx('export default function T() { return <div /> }')).options).toEqual({});
  });

  it('reports a syntax error with its line and column', async () => {
    const error = await compileError('export default function T() {\n  return <div>\n}');
    expect(error.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/syntax error at line 3, column \d+/);
    expect(error.details).toMatchObject({ line: 3, column: expect.any(Number) as number });
  });

  it('counts columns in characters, from 1, even after non-ASCII text', async () => {
    const error = await compileError('const é = 1 +;');
    expect(error.details).toMatchObject({ line: 1, column: 14 });
  });

  it.each([
    ["import React from 'react';\nexport default () => <div />;", 'react'],
    ["import { readFileSync } from 'fs';\nexport default () => <div>{String(readFileSync)}</div>;", 'fs'],
    ["import 'side-effect';\nexport default () => <div />;", 'side-effect'],
    ["export * from './other';\nexport default () => <div />;", './other'],
    ["export default async function T() { await import('fs'); return <div /> }", 'fs'],
    ['export default function T() { return <div>{String(import.meta.url)}</div> }', 'import.meta'],
  ])('refuses every import: %s', async (source, specifier) => {
    const error = await compileError(source);
    expect(error.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(error.details).toMatchObject({ specifier, line: 1 });
    expect(error.message).toContain(
      `Templates cannot import modules; allowed: none; received: import from '${specifier}'`,
    );
  });

  it('accepts type-only imports, which leave nothing behind', async () => {
    const compiled = await compileJsx(
      "import type { FC } from 'react';\nexport default function T() { return <div /> }",
    );
    expect(compiled.code).not.toContain('react');
  });

  it('requires a default export that is a function', async () => {
    expect((await compileError('export const options = {};')).message).toContain('no default export');
    const notFunction = await compileError('export default 42;');
    expect(notFunction.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(notFunction.message).toContain('received: number');
  });

  it('checks options against the render limits', async () => {
    const unknown = await compileError(
      'export const options = { widht: 100 };\nexport default () => <div />;',
    );
    expect(unknown.message).toContain('unknown key "widht"');
    const tooWide = await compileError(
      'export const options = { width: 99999 };\nexport default () => <div />;',
    );
    expect(tooWide.message).toBe('Template options.width must be an integer from 1 to 4096; received 99999.');
    const format = await compileError(
      "export const options = { format: 'gif' };\nexport default () => <div />;",
    );
    expect(format.message).toContain('must be png, jpeg, webp, avif, pdf');
  });

  it('reports a template that throws while its module loads', async () => {
    const error = await compileError("throw new Error('boom');\nexport default () => <div />;");
    expect(error.code).toBe('TEMPLATE_COMPILE_FAILED');
    expect(error.message).toContain('Error: boom');
  });

  it('stops a module that loops forever at load time', async () => {
    const error = await compileError('while (true) {}\nexport default () => <div />;', {
      limits: { memoryBytes: 16 * 1024 * 1024, timeoutMs: 50 },
    });
    expect(error.code).toBe('TEMPLATE_TIMEOUT');
  });

  it('refuses a source over the size limit', async () => {
    const error = await compileError(`export default () => <div>${'x'.repeat(2000)}</div>;`, {
      maxSourceBytes: 1000,
    });
    expect(error.message).toMatch(/too large; allowed: at most 1000 bytes; received: \d+ bytes/);
  });
});
