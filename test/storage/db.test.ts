// Runs the database contract against every backend: SQLite always, PostgreSQL whenever a
// server is reachable (CI has one), with the reason printed when it is skipped.
import { describe } from 'vitest';
import { runDatabaseContract } from '../contract/db.contract.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from './fixtures.ts';

runDatabaseContract('sqlite', createSqliteFixture);

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[db contract] skipping PostgreSQL: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('postgres', () => {
  runDatabaseContract('postgres', createPostgresFixture);
});
