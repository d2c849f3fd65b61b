// Runs the metering contract on every database: SQLite always, PostgreSQL whenever a server
// is reachable (CI has one), with the reason printed when it is skipped.
import { describe } from 'vitest';
import { runMeteringContract } from '../contract/metering.contract.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';

runMeteringContract('sqlite', createSqliteFixture);

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[metering contract] skipping PostgreSQL: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('postgres', () => {
  runMeteringContract('postgres', createPostgresFixture);
});
