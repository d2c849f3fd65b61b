import { QuickJSContext } from 'quickjs-emscripten';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createScriptRunner } from './quickjs.ts';

const limits = { memoryBytes: 16 * 1024 * 1024, timeoutMs: 100 };
const runner = createScriptRunner();
afterAll(() => runner.close());

describe('the in-thread QuickJS runner', () => {
  it('returns the string a script produces', async () => {
    expect(await runner.run("'a' + 1", limits)).toEqual({ ok: true, value: 'a1' });
  });

  it('reports what a script threw, and an interrupt as a timeout', async () => {
    expect(await runner.run("throw new RangeError('bad')", limits)).toMatchObject({
      ok: false,
      reason: 'thrown',
      name: 'RangeError',
      message: 'bad',
    });
    expect(await runner.run('for (;;) {}', limits)).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('publishes the outcome before freeing the runtime', async () => {
    const published: unknown[] = [];
    const outcome = await runner.run("'x'", limits, undefined, (o) => published.push(o));
    expect(published).toEqual([outcome]);
  });

  it('replaces the WebAssembly instance when a host exception escapes it', async () => {
    const spy = vi.spyOn(QuickJSContext.prototype, 'evalCode').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    expect(await runner.run('1', limits)).toMatchObject({ ok: false, reason: 'crashed', name: 'RangeError' });
    spy.mockRestore();
    expect(await runner.run("'again'", limits)).toEqual({ ok: true, value: 'again' });
  });

  it('stops after close', async () => {
    const closing = createScriptRunner();
    closing.close();
    await expect(closing.run("'x'", limits)).rejects.toThrow('closed');
  });
});
