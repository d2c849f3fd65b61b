// `npm run cluster`: starts a cluster on this machine (bench/cluster/cluster.ts), proves the
// properties of issue 17 with assertions and prints a throughput table with 1 and 2 workers.
// Counts are small by default, because a shared 2-core machine takes minutes for the issue's;
// `--full` uses the counts (500 jobs, 50 identical requests, 200 requests for 100 credits). Flags: --jobs N,
// --flight N, --credits N (requests, for N/2 credits), --throughput-jobs N. Needs PostgreSQL and Redis (TEST_POSTGRES_URL, TEST_REDIS_URL).
import { parseArgs } from 'node:util';
import { startCluster } from './cluster.ts';
import {
  acrossNodes,
  CLUSTER_PLANS,
  creditsExact,
  jobsExactlyOnce,
  singleFlight,
  throughput,
} from './checks.ts';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    flight: { type: 'string' },
    'throughput-jobs': { type: 'string' },
    credits: { type: 'string' },
  },
});
const count = (flag: string | undefined, small: number, full: number) =>
  flag !== undefined ? Number(flag) : values.full ? full : small;
const jobs = count(values.jobs, 60, 500);
const flight = count(values.flight, 20, 50);
const throughputJobs = count(values['throughput-jobs'], 40, 200);
const creditRequests = count(values.credits, 40, 200);

const log = (line: string) => process.stdout.write(`${line}\n`);
log(
  `cluster: 2 api + 2 worker nodes; ${jobs} jobs, ${flight} identical requests, ${throughputJobs} jobs per throughput row`,
);
const cluster = await startCluster({ env: { PLACARD_PLANS: CLUSTER_PLANS } });
let failed = false;
try {
  const once = await jobsExactlyOnce(cluster, jobs);
  log(
    `1. exactly once (worker SIGKILLed and restarted, api restarted): ${once.succeeded}/${once.jobs} succeeded, ` +
      `${once.lost} lost, ${once.completedTwice} completed twice, ${once.retried} retried after the kill, ${once.seconds.toFixed(1)} s`,
  );
  if (once.lost !== 0 || once.completedTwice !== 0 || once.succeeded !== once.jobs) failed = true;
  const single = await singleFlight(cluster, flight);
  log(`2. single flight: ${flight} identical requests over both api nodes -> ${single.renders} render(s)`);
  if (single.renders !== 1) failed = true;
  const credits = await creditsExact(cluster, creditRequests, creditRequests / 2);
  log(
    `3. credits: ${creditRequests} concurrent renders for ${creditRequests / 2} credits -> ${credits.admitted} admitted, ` +
      `${credits.refused} refused (402), ${credits.other.length} other`,
  );
  if (credits.admitted !== creditRequests / 2 || credits.refused !== creditRequests / 2) failed = true;
  const across = await acrossNodes(cluster);
  log(
    `4+5. template (not yet account fonts) saved and URL signed on api-1 served by api-2: same ETag ${across.etag}, 304 on revalidation`,
  );

  // One worker, then two: the same submissions through the proxy.
  await cluster.kill(cluster.workers[1]!, 'SIGTERM');
  const one = await throughput(cluster, throughputJobs, 'tp1');
  await cluster.restart(cluster.workers[1]!);
  const two = await throughput(cluster, throughputJobs, 'tp2');
  log(
    '\n| workers | renders/s (async, submit to settle) |\n| ------- | ----------------------------------- |',
  );
  log(`| 1       | ${one.toFixed(1).padEnd(35)} |`);
  log(`| 2       | ${two.toFixed(1).padEnd(35)} |`);
  log(
    'On 2 shared cores the second worker gains little and the numbers move with the load: the point is that jobs spread.',
  );
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await cluster.close();
}
process.exit(failed ? 1 : 0);
