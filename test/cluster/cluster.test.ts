// Issue 17's cluster, small: 2 api + 2 worker processes on PostgreSQL, Redis and an S3 server,
// behind a round-robin proxy (bench/cluster). Asserts outcomes only, never speed; skips when
// PostgreSQL or Redis is not reachable, like the other tests that need them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../bench/cluster/cluster.ts';
import {
  acrossNodes,
  CLUSTER_PLANS,
  creditsExact,
  fontsAcrossNodes,
  jobsExactlyOnce,
  singleFlight,
} from '../../bench/cluster/checks.ts';
import { redisUnavailableReason } from '../cache/redis-fixture.ts';
import { postgresUnavailable } from '../storage/fixtures.ts';

const skip = (await postgresUnavailable()) ?? (await redisUnavailableReason());
if (skip) console.warn(`[cluster] skipping: ${skip}`);

describe.skipIf(skip)('a cluster of 2 api and 2 worker nodes', { timeout: 900_000 }, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ env: { PLACARD_PLANS: CLUSTER_PLANS } });
  }, 300_000);
  afterAll(async () => {
    await cluster?.close();
  }, 120_000);

  it('completes every async job and batch item exactly once while a worker is SIGKILLed and an api node restarted', async () => {
    const report = await jobsExactlyOnce(cluster, 24, { count: 2, size: 12 });
    expect(report).toMatchObject({
      jobs: 24,
      batchItems: 24,
      succeeded: 48,
      batchesComplete: 2,
      lost: 0,
      completedTwice: 0,
    });
  });

  it('draws once for identical concurrent requests spread over both api nodes', async () => {
    const { renders, ok } = await singleFlight(cluster, 12);
    expect(ok).toBe(12);
    expect(renders).toBe(1);
  });

  it('admits exactly as many concurrent renders as the account has credits, across both api nodes', async () => {
    const { admitted, refused, other } = await creditsExact(cluster, 30, 15);
    expect(other).toEqual([]);
    expect({ admitted, refused }).toEqual({ admitted: 15, refused: 15 });
  });

  it('serves a template saved and a URL signed on one api node from the other, same ETag, 304', async () => {
    const { etag } = await acrossNodes(cluster);
    expect(etag).toMatch(/^"/);
  });

  it('draws an account font and a template saved on one api node on the other api node and on a worker', async () => {
    const report = await fontsAcrossNodes(cluster);
    expect(report).toEqual({
      visibleAfterSeconds: expect.any(Number),
      apiFallback: null,
      workerSameImage: true,
      controlFallback: 'Never Uploaded Mono -> Inter',
    });
  });
});
