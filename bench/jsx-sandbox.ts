// Measures what the JSX sandbox adds to a render: `node --import tsx bench/jsx-sandbox.ts`.
// Prints compile time, per-render times for a typical card through the sandbox (worker
// thread) and in-thread, and the floor (an empty runtime + context).
import { newQuickJSWASMModule } from 'quickjs-emscripten';
import { compileJsx } from '../src/templates/jsx/compile.ts';
import { createScriptRunner, maxStackBytes } from '../src/templates/jsx/quickjs.ts';
import { renderScript } from '../src/templates/jsx/runtime-source.ts';
import { createJsxSandbox } from '../src/templates/jsx/sandbox.ts';
import { toHtml } from '../src/templates/jsx/to-html.ts';
import { cardProps, cardTemplate } from '../test/helpers/jsx-card.ts';

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(3);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms (n=${sorted.length})`;
}

async function time(runs: number, fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

const limits = { memoryBytes: 64 * 1024 * 1024, timeoutMs: 1000 };
const compileStarted = performance.now();
const compiled = await compileJsx(cardTemplate);
console.log(`compile (first, loads WebAssembly): ${(performance.now() - compileStarted).toFixed(1)} ms`);
console.log(`compile (warm): ${stats(await time(20, () => compileJsx(cardTemplate)))}`);

const qjs = await newQuickJSWASMModule();
await time(200, () => qjs.newRuntime().dispose());
const floor = await time(1000, () => {
  const runtime = qjs.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(maxStackBytes);
  runtime.setInterruptHandler(() => false);
  runtime.newContext().dispose();
  runtime.dispose();
});
console.log(`empty runtime + context: ${stats(floor)}`);

const inline = createScriptRunner();
const inThread = async () => {
  const outcome = await inline.run(renderScript(compiled.code, JSON.stringify(cardProps)), limits);
  if (outcome.ok) toHtml(JSON.parse(outcome.value.slice(1)));
};
await time(200, inThread);
console.log(`render typical card in-thread (no worker): ${stats(await time(2000, inThread))}`);

const spawnStarted = performance.now();
const sandbox = createJsxSandbox(limits);
await sandbox.run(compiled, cardProps);
console.log(`first sandbox render (starts a worker): ${(performance.now() - spawnStarted).toFixed(1)} ms`);
await time(200, () => sandbox.run(compiled, cardProps));
console.log(
  `render typical card via worker (html out): ${stats(await time(2000, () => sandbox.run(compiled, cardProps)))}`,
);
const html = (await sandbox.run(compiled, cardProps)).html;
console.log(`html ${html.length} chars, code ${compiled.code.length} chars`);
sandbox.close();
