import { afterAll, describe, expect, it } from 'vitest';
import { PlacardError } from '../../errors/placard-error.ts';
import { compileJsx } from './compile.ts';
import { createJsxSandbox } from './sandbox.ts';
import { cardProps, cardTemplate } from '../../../test/helpers/jsx-card.ts';

const limits = { memoryBytes: 32 * 1024 * 1024, timeoutMs: 200 };
const sandbox = createJsxSandbox(limits);
afterAll(() => sandbox.close());

async function render(source: string, props: Record<string, unknown> = {}): Promise<string> {
  return (await sandbox.run(await compileJsx(source), props)).html;
}

async function failure(source: string, props: Record<string, unknown> = {}): Promise<PlacardError> {
  const error: unknown = await render(source, props).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlacardError);
  return error as PlacardError;
}

describe('rendering', () => {
  it('renders a card with props, falling back to defaults', async () => {
    const html = await render(cardTemplate, cardProps);
    expect(html).toContain(
      '<h1 style="font-size:72px;line-height:1.1;margin:32px 0 16px">Ship images, not screenshots</h1>',
    );
    expect(html).toContain('Ada &lt;ada@example.com&gt;');
    expect(html).toContain('#rendering</span>');
    expect(html).toContain('<span>+1</span>');
    expect(html).toContain('background:#0b1020');
    const plain = await render(cardTemplate, {});
    expect(plain).toContain('>Untitled</h1>');
    expect(plain).not.toContain('<p');
  });

  it('renders fragments, arrays, conditionals and components with children', async () => {
    const html = await render(
      `
      const Box = ({ children, tone }) => <section data-tone={tone}>{children}</section>;
      export default function T({ items = [], flag = false }) {
        return (
          <>
            <Box tone="a">{items.map((i) => <i key={i}>{i}</i>)}{flag && <b>on</b>}{!flag ? 'off' : null}</Box>
            {[[1, 2], [3]]}{undefined}{true}{0}
          </>
        );
      }`,
      { items: ['x', 'y'] },
    );
    expect(html).toBe('<section data-tone="a"><i>x</i><i>y</i>off</section>1230');
  });

  it('keeps a script passed as a prop as text', async () => {
    const html = await render('export default ({ t }) => <p>{t}</p>;', { t: '<script>alert(1)</script>' });
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('passes a thrown message on as TEMPLATE_RUNTIME_ERROR', async () => {
    const error = await failure("export default function T() { throw new TypeError('no title'); }");
    expect(error.code).toBe('TEMPLATE_RUNTIME_ERROR');
    expect(error.status).toBe(422);
    expect(error.message).toBe('Template threw TypeError: no title');
  });

  it.each([
    ['a string', "export default () => 'text';", 'received a string "text"'],
    ['null', 'export default () => null;', 'received null'],
    ['an array', 'export default () => [<div />];', 'received an array of 1 items'],
    ['a promise', 'export default async () => <div />;', 'received a Promise'],
  ])('refuses a return value that is %s', async (_name, source, received) => {
    const error = await failure(source);
    expect(error.code).toBe('TEMPLATE_RUNTIME_ERROR');
    expect(error.message).toContain('must return an element');
    expect(error.message).toContain(received);
  });

  it('refuses a default export that is not a function when run from raw code', async () => {
    const error: unknown = await sandbox
      .run('var __placard_module = { default: 5 };', {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TEMPLATE_RUNTIME_ERROR' });
    expect((error as Error).message).toContain('default export must be a function');
  });

  it('does not let one render see what another left behind', async () => {
    const source =
      'export default () => { globalThis.count = (globalThis.count || 0) + 1; return <b>{globalThis.count}</b>; };';
    const compiled = await compileJsx(source);
    expect((await sandbox.run(compiled, {})).html).toBe('<b>1</b>');
    expect((await sandbox.run(compiled, {})).html).toBe('<b>1</b>');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const compiled = await compileJsx('export default () => <div />;');
    await expect(sandbox.run(compiled, {}, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });
});

describe('sandbox escapes fail cleanly', () => {
  it('offers no host globals', async () => {
    const names = [
      'process',
      'require',
      'module',
      'fetch',
      'setTimeout',
      'setInterval',
      'console',
      'Buffer',
      'XMLHttpRequest',
      'WebAssembly',
    ];
    const html = await render(
      `export default () => <p>{${JSON.stringify(names)}.map((n) => typeof globalThis[n]).join(',')}</p>;`,
    );
    expect(html).toBe(`<p>${names.map(() => 'undefined').join(',')}</p>`);
  });

  it.each([
    ['process.exit()', 'process.exit(1)', "'process' is not defined"],
    ["require('fs')", "require('fs')", "'require' is not defined"],
    [
      'globalThis.constructor.constructor',
      "globalThis.constructor.constructor('return process')()",
      "'process' is not defined",
    ],
    ['this.constructor.constructor', "this.constructor.constructor('return process.env')()", 'not defined'],
    ['fetch', "fetch('http://169.254.169.254/')", "'fetch' is not defined"],
  ])('%s', async (_name, attempt, message) => {
    const error = await failure(`export default function T() { ${attempt}; return <div />; }`);
    expect(error.code).toBe('TEMPLATE_RUNTIME_ERROR');
    expect(error.message).toContain(message);
  });

  it("import('fs') is refused at compile time and goes nowhere at run time", async () => {
    await expect(compileJsx("export default () => { import('fs'); return <div /> };")).rejects.toThrow(
      /cannot import/,
    );
    const raw =
      "var __placard_module = { default: () => { import('fs').then(() => 1, () => 2); return __placard_h('div', null, 'ok'); } };";
    expect((await sandbox.run(raw, {})).html).toBe('<div>ok</div>');
  });

  it('stops an endless loop with TEMPLATE_TIMEOUT, quickly', async () => {
    const started = performance.now();
    const error = await failure('export default () => { while (true) {} };');
    expect(error.code).toBe('TEMPLATE_TIMEOUT');
    expect(error.message).toContain('longer than 200 ms');
    expect(performance.now() - started).toBeLessThan(1000);
    const caught = await failure('export default () => { for (;;) { try { while (true) {} } catch {} } };');
    expect(caught.code).toBe('TEMPLATE_TIMEOUT');
  });

  it.each([
    ['a 1 GB array', 'new Array(1e9).fill(1)'],
    ['string doubling', "let s = 'x'; for (;;) s += s;"],
    ['string doubling that is read', "let s = 'x'; for (;;) { s += s; s.charCodeAt(s.length - 1); }"],
  ])('stops %s with TEMPLATE_MEMORY_EXCEEDED', async (_name, body) => {
    // A sandbox with a long time limit, so that on a loaded machine only the memory limit can
    // stop these runs (with 200 ms the clock sometimes won and the code was TEMPLATE_TIMEOUT).
    const roomy = createJsxSandbox({ memoryBytes: limits.memoryBytes, timeoutMs: 30_000 });
    const error: unknown = await roomy
      .run(await compileJsx(`export default () => { ${body}; return <div />; };`), {})
      .then(
        () => undefined,
        (e: unknown) => e,
      )
      .finally(() => roomy.close());
    if (!(error instanceof PlacardError)) throw new Error(`expected a PlacardError, got ${String(error)}`);
    expect(error.code).toBe('TEMPLATE_MEMORY_EXCEEDED');
    expect(error.message).toContain('allowed: 32 MB per run');
  });

  it.each([
    ['plain recursion', 'export default () => { const f = (n) => f(n + 1) + 1; return <div>{f(0)}</div>; };'],
    [
      'recursive components',
      'const D = ({ n }) => <div><D n={n + 1} /></div>;\nexport default () => <D n={0} />;',
    ],
    [
      'a caught overflow rethrown',
      'const f = (n) => f(n + 1);\nexport default () => { try { f(0) } catch (e) { throw e } };',
    ],
  ])('turns deep recursion (%s) into a clean error', async (_name, source) => {
    const error = await failure(source);
    expect(error.code).toBe('TEMPLATE_RUNTIME_ERROR');
    expect(error.message).toContain('recursed too deeply');
  });

  it('terminates the thread of a loop QuickJS cannot interrupt (heavy built-ins) and carries on', async () => {
    // Each iteration is one long native call, so the interrupt handler is almost never asked.
    const started = performance.now();
    const error = await failure(
      'export default () => { const all = []; for (;;) all.push(new Array(1e5).fill(all.length)); };',
    );
    expect(error.code).toBe('TEMPLATE_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(await render('export default () => <div>again</div>;')).toBe('<div>again</div>');
  });

  it('keeps the main event loop free while a template spins', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await failure('export default () => { while (true) {} };');
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });

  it('keeps rendering on the other workers while one template spins', async () => {
    const pair = createJsxSandbox({ ...limits, workers: 2 });
    const [spin, quick] = await Promise.all([
      compileJsx('export default () => { while (true) {} };'),
      compileJsx('export default ({ n }) => <i>{n}</i>;'),
    ]);
    await pair.warm();
    const spinning = pair.run(spin, {}).catch((e: unknown) => e);
    const started = performance.now();
    const quickOnes = await Promise.all([1, 2, 3].map((n) => pair.run(quick, { n })));
    expect(quickOnes.map((d) => d.html)).toEqual(['<i>1</i>', '<i>2</i>', '<i>3</i>']);
    expect(performance.now() - started).toBeLessThan(limits.timeoutMs);
    expect(await spinning).toMatchObject({ code: 'TEMPLATE_TIMEOUT' });
    pair.close();
  });

  it('answers an abort at once with the signal reason, even mid-run', async () => {
    const controller = new AbortController();
    const running = sandbox.run(
      await compileJsx('export default () => { while (true) {} };'),
      {},
      controller.signal,
    );
    setTimeout(() => controller.abort(new Error('client went away')), 20);
    await expect(running).rejects.toThrow('client went away');
  });

  it('still renders a normal template in the same process after all of the above', async () => {
    expect(await render(cardTemplate, cardProps)).toContain('Ship images, not screenshots');
  });
});
