// What the memory cache promises beyond the contract: a byte budget that evicts the least
// recently used renders, and that choosing it never loads ioredis.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createMemoryCache, MEMORY_ENTRY_OVERHEAD_BYTES } from '../../src/cache/memory.ts';
import { sampleRender } from '../contract/cache.contract.ts';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../..');
const render = (bytes: number, fill: number) => sampleRender(Buffer.alloc(bytes, fill));

describe('memory cache', () => {
  it('evicts the least recently used entries when the byte budget is exceeded', async () => {
    const entry = 10_000 + MEMORY_ENTRY_OVERHEAD_BYTES;
    const cache = createMemoryCache({ maxBytes: 3 * entry });
    await cache.set('a', render(10_000, 1), 60);
    await cache.set('b', render(10_000, 2), 60);
    await cache.set('c', render(10_000, 3), 60);
    await cache.get('a'); // a is now more recently used than b
    await cache.set('d', render(10_000, 4), 60);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.data[0]).toBe(1);
    expect((await cache.get('c'))?.data[0]).toBe(3);
    expect((await cache.get('d'))?.data[0]).toBe(4);
  });

  it('counts bytes, not entries: one big render pushes out several small ones', async () => {
    const cache = createMemoryCache({ maxBytes: 100_000 });
    for (const k of ['s1', 's2', 's3', 's4']) await cache.set(k, render(10_000, 0), 60);
    await cache.set('big', render(80_000, 9), 60);
    expect(await cache.get('big')).toBeDefined();
    const left = await Promise.all(['s1', 's2', 's3', 's4'].map((k) => cache.get(k)));
    expect(left.filter(Boolean).length).toBeLessThan(4);
    expect(left[3]).toBeDefined(); // the most recent small one survived
  });

  it('never stores an entry larger than the whole budget, and keeps the others', async () => {
    const cache = createMemoryCache({ maxBytes: 50_000 });
    await cache.set('small', render(1_000, 1), 60);
    await cache.set('huge', render(50_000, 2), 60);
    expect(await cache.get('huge')).toBeUndefined();
    expect(await cache.get('small')).toBeDefined();
  });

  it('refuses a budget that is not a positive integer', () => {
    for (const maxBytes of [0, -1, 1.5, Number.NaN]) {
      expect(() => createMemoryCache({ maxBytes })).toThrow(/positive integer; received/);
    }
  });

  it('empties on close', async () => {
    const cache = createMemoryCache({ maxBytes: 100_000 });
    await cache.set('k', render(10, 1), 60);
    await cache.close();
    expect(await cache.get('k')).toBeUndefined();
  });

  it('never loads ioredis, nor does the local single flight', async () => {
    // A fresh process: this one has ioredis loaded already for the Redis tests.
    const script = `
      import { createRequire } from 'node:module';
      import { createMemoryCache, createSingleFlight } from './src/cache/index.ts';
      const cache = createMemoryCache({ maxBytes: 1000 });
      await createSingleFlight().run('k', () => cache.get('k'));
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((file) => file.includes('/node_modules/ioredis/'))));
    `;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual([]);
  });
});
