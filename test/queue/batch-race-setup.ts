// One node of the batch.completed race test (the test process is one, batch-race-node.ts the
// other): a queue on shared storage whose items wait until released, with the real batch
// completion and webhook sender behind them.
import { createFetchGuard } from '../../src/core/fetch-guard/index.ts';
import { createBatchCompletion } from '../../src/delivery/batch-completion.ts';
import { createWebhookSender } from '../../src/delivery/webhooks.ts';
import { createBullmqQueue } from '../../src/queue/bullmq.ts';
import { createDatabaseQueue } from '../../src/queue/database.ts';
import type { JobQueue, JobQueueOptions } from '../../src/queue/types.ts';
import type { Database, DatabaseOptions } from '../../src/storage/db/index.ts';

export interface RaceNode {
  storage: Pick<DatabaseOptions, 'url' | 'dataDir'>;
  /** Absent: the database queue on `storage`. */
  bullmq?: { url: string; prefix: string; queueName: string };
}

const options: JobQueueOptions = { maxAttempts: 1, backoffMs: 20, concurrency: 2 };
const quiet = () => {};

export async function openRaceNode(
  db: Database,
  node: RaceNode,
  released: () => Promise<void>,
): Promise<JobQueue> {
  const queue = node.bullmq
    ? await createBullmqQueue({ ...options, ...node.bullmq, onError: quiet })
    : createDatabaseQueue(db, { ...options, pollMs: 20, onError: quiet });
  const fetcher = createFetchGuard({
    timeoutMs: 5_000,
    maxBytes: 1_000_000,
    maxRedirects: 0,
    allowPrivate: true,
    allowHosts: [],
  });
  const webhooks = createWebhookSender(db, fetcher, { attempts: 1, backoffMs: 10, onError: quiet });
  queue.start(
    async () => {
      await released();
      return null;
    },
    createBatchCompletion({ batches: db.batches, queue, webhooks }),
  );
  return queue;
}
