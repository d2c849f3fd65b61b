// Bench path "batch": `placard batch` in process over BENCH_BULK_ROWS rows (default 1,000) of
// the standard card, each row a different title so every image is drawn, timed whole (services
// start, CSV parse, renders, file writes, manifest). run.ts compares its images/s with the
// placard path's in-process rate: the goal is that bulk loses at most a tenth to its bookkeeping.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { runBatch } from '../src/cli/commands/batch.ts';
import { card } from './lib/card.ts';
import { peakRssMb } from './lib/proc.ts';

const rows = Number(process.env.BENCH_BULK_ROWS ?? 1000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'placard-bench-batch-'));
process.env.PLACARD_DATA_DIR = dir;
try {
  writeFileSync(path.join(dir, 'card.html'), card.html);
  const records = Array.from({ length: rows }, (_, i) => ({
    ...card.variables,
    title: `${card.variables.title} #${i + 1}`,
  }));
  writeFileSync(path.join(dir, 'rows.csv'), stringify(records, { header: true }));
  const out = path.join(dir, 'out');
  const started = performance.now();
  const summary = await runBatch({
    template: path.join(dir, 'card.html'),
    data: path.join(dir, 'rows.csv'),
    out,
    name: '{{@row}}.png',
    width: String(card.width),
    height: String(card.height),
  });
  const seconds = (performance.now() - started) / 1000;
  const written = readdirSync(out).filter((f) => f.endsWith('.png')).length;
  if (summary.failed > 0 || written !== rows) {
    throw new Error(`batch wrote ${written} of ${rows} images, ${summary.failed} rows failed`);
  }
  const result = { name: 'batch', rows, seconds, imagesPerSec: rows / seconds, peakRssMb: peakRssMb() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
