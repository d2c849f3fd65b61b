// A second node for the cross-process metering test: opens the same storage, waits for "go"
// on stdin so every worker starts at once, races `count` reserves, prints the outcome as JSON.
// Usage: node --import tsx reserve-worker.ts '<ReserveJob as JSON>'
import readline from 'node:readline';
import { isPlacardError } from '../../src/errors/placard-error.ts';
import { createMetering } from '../../src/metering/index.ts';
import { createDatabase, type DatabaseOptions } from '../../src/storage/db/index.ts';
import { testPlans } from '../contract/metering-helpers.ts';

export interface ReserveJob {
  options: Pick<DatabaseOptions, 'url' | 'dataDir'>;
  accountId: string;
  count: number;
}

export interface ReserveReport {
  reserved: number;
  refused: Record<string, number>;
}

const job = JSON.parse(process.argv[2] ?? '{}') as ReserveJob;
const db = await createDatabase(job.options);
const metering = await createMetering({ db, plans: testPlans, defaultPlan: 'unlimited', planCacheMs: 0 });
process.stdout.write('ready\n');
await new Promise<void>((resolve) =>
  readline.createInterface({ input: process.stdin }).once('line', () => resolve()),
);

const results = await Promise.allSettled(
  Array.from({ length: job.count }, () => metering.reserve(job.accountId)),
);
const report: ReserveReport = { reserved: 0, refused: {} };
for (const r of results) {
  if (r.status === 'fulfilled') report.reserved += 1;
  else {
    const code = isPlacardError(r.reason) ? r.reason.code : String(r.reason);
    report.refused[code] = (report.refused[code] ?? 0) + 1;
  }
}
process.stdout.write(`${JSON.stringify(report)}\n`);
await metering.close();
await db.close();
process.exit(0);
