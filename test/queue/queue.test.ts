// Runs the queue contract against every backend: the database queue on SQLite always and on
// PostgreSQL whenever a server is reachable, BullMQ whenever Redis is (CI has both); a
// skipped backend prints why.
import { describe } from 'vitest';
import { runQueueContract } from '../contract/queue.contract.ts';
import { createPostgresFixture, createSqliteFixture, postgresUnavailable } from '../storage/fixtures.ts';
import { bullmqQueueFixture, databaseQueueFixture, redisUnavailable } from './fixtures.ts';

runQueueContract('database on sqlite', databaseQueueFixture(createSqliteFixture));

const postgresSkipReason = await postgresUnavailable();
if (postgresSkipReason) console.warn(`[queue contract] skipping PostgreSQL: ${postgresSkipReason}`);
describe.skipIf(postgresSkipReason !== undefined)('postgres', () => {
  runQueueContract('database on postgres', databaseQueueFixture(createPostgresFixture));
});

const redisSkipReason = await redisUnavailable();
if (redisSkipReason) console.warn(`[queue contract] skipping BullMQ: ${redisSkipReason}`);
describe.skipIf(redisSkipReason !== undefined)('redis', () => {
  runQueueContract('bullmq', bullmqQueueFixture());
});
