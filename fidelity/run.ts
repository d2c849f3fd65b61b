// `npm run fidelity`: draws every case with Chromium (the reference) and the native engine, prints
// the native engine's difference per case next to auto's choice, and writes the images and diffs
// to fidelity/output/. Exits non-zero when a far case is not sent to Chromium or a close one is.
import { createChromiumEngine } from '../src/engines/chromium/index.ts';
import { createNativeEngine } from '../src/engines/native/index.ts';
import { FAR_THRESHOLD, runSuite, type CaseResult } from './suite.ts';

const chromium = createChromiumEngine();
if (!chromium.available) {
  console.error(
    'fidelity: Chromium is not installed (apt-get install chromium, or set PLACARD_CHROMIUM_PATH)',
  );
  process.exit(1);
}
const native = await createNativeEngine();
const outputDir = new URL('./output/', import.meta.url).pathname;
const only = process.argv.slice(2);
let results: CaseResult[];
try {
  results = await runSuite({ chromium, native }, { outputDir, ...(only.length > 0 && { only }) });
} finally {
  await chromium.close();
  await native.close();
}

const rows = results.map((r) => [
  r.name,
  r.meanDelta.toFixed(2),
  `${(r.differing * 100).toFixed(2)}%`,
  r.far ? 'far' : 'close',
  r.chromium ? 'chromium' : 'native',
  r.far === r.chromium ? '' : 'MISMATCH',
  r.reasons.join('; '),
]);
const head = ['case', 'mean Δ', 'pixels', 'native is', 'auto', '', 'reasons'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
for (const row of [head, ...rows]) {
  console.log(
    row
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
const close = results.filter((r) => !r.far).length;
const agrees = results.filter((r) => r.far === r.chromium).length;
console.log(
  `\nfar = mean Δ above ${FAR_THRESHOLD} (mean absolute difference per channel, 0-255); ` +
    `pixels = share pixelmatch calls different; images and diffs in ${outputDir}`,
);
console.log(
  `fidelity: cases=${results.length} native-close=${close} far=${results.length - close} auto-agrees=${agrees}/${results.length}`,
);
if (agrees !== results.length) process.exitCode = 1;
