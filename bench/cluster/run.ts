// `npm run cluster`: starts a cluster on this machine (bench/cluster/cluster.ts), proves the
// properties of issue 17 with assertions and prints a throughput table with 1 and 2 workers.
// Counts are small by default, because a shared 2-core machine takes minutes for the issue's;
// `--full` uses the counts (500 jobs, 5 async batches of 100, 50 identical requests, 200
// requests for 100 credits). Flags: --jobs N, --batches N, --batch-size N, --flight N, --credits N
// (requests, for N/2 credits), --throughput-jobs N. Needs PostgreSQL and Redis (TEST_POSTGRES_URL,
// TEST_REDIS_URL).
import { parseArgs } from 'node:util';
import { FONT_SET_CACHE_MS } from '../../src/fonts/library.ts';
import { CLUSTER_LEASE_MS, startCluster } from './cluster.ts';
import {
  acrossNodes,
  CLUSTER_PLANS,
  busyRetries,
  creditsExact,
  fontsAcrossNodes,
  jobsExactlyOnce,
  singleFlight,
  throughput,
} from './checks.ts';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    jobs: { type: 'string' },
    batches: { type: 'string' },
    'batch-size': { type: 'string' },
    flight: { type: 'string' },
    'throughput-jobs': { type: 'string' },
    credits: { type: 'string' },
  },
});
const count = (flag: string | undefined, small: number, full: number) =>
  flag !== undefined ? Number(flag) : values.full ? full : small;
const jobs = count(values.jobs, 60, 500);
const batches = count(values.batches, 2, 5);
const batchSize = count(values['batch-size'], 20, 100);
const flight = count(values.flight, 20, 50);
const throughputJobs = count(values['throughput-jobs'], 40, 200);
const creditRequests = count(values.credits, 40, 200);

const log = (line: string) => process.stdout.write(`${line}\n`);
log(
  `cluster: 2 api + 2 worker nodes; ${jobs} jobs, ${batches} async batches of ${batchSize}, ${flight} identical requests, ` +
    `${throughputJobs} jobs per throughput row; PLACARD_JOB_LEASE_MS=${CLUSTER_LEASE_MS}`,
);
const cluster = await startCluster({ env: { PLACARD_PLANS: CLUSTER_PLANS } });
let failed = false;
try {
  const once = await jobsExactlyOnce(cluster, jobs, { count: batches, size: batchSize });
  const total = once.jobs + once.batchItems;
  log(
    `1. exactly once (worker SIGKILLed and restarted, api restarted): ${once.jobs} jobs + ${once.batchItems} batch items, ` +
      `${once.succeeded}/${total} succeeded, ${once.batchesComplete}/${batches} batches complete, ${once.lost} lost, ` +
      `${once.completedTwice} completed twice, ${once.seconds.toFixed(1)} s ` +
      `(${busyRetries.count} submissions so far retried after a 503 SERVER_BUSY)`,
  );
  log(
    once.recoverySeconds === undefined
      ? '   recovery: no job was running on the killed worker'
      : `   recovery: ${once.retried} jobs held by the killed worker ran again; the last started again ` +
          `${once.recoverySeconds.toFixed(1)} s after the SIGKILL and finished ` +
          `${(once.recoveredDoneSeconds ?? 0).toFixed(1)} s after it (lock and stalled check ${CLUSTER_LEASE_MS} ms)`,
  );
  if (
    once.lost !== 0 ||
    once.completedTwice !== 0 ||
    once.succeeded !== total ||
    once.batchesComplete !== batches
  )
    failed = true;
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
    `4. template saved and URL signed on api-1 served by api-2: same ETag ${across.etag}, 304 on revalidation`,
  );
  const fonts = await fontsAcrossNodes(cluster);
  log(
    `5. account font + template saved on api-1: api-2 draws it after ${fonts.visibleAfterSeconds.toFixed(1)} s ` +
      `(font lists are cached ${FONT_SET_CACHE_MS} ms per node; fallback: ${fonts.apiFallback ?? 'none'}), ` +
      `a worker draws the same image: ${fonts.workerSameImage}; an unknown family falls back (${fonts.controlFallback})`,
  );
  if (fonts.apiFallback !== null || !fonts.workerSameImage || fonts.controlFallback === null) failed = true;

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
  log(`Submissions retried after a 503 SERVER_BUSY (load shedding), all checks: ${busyRetries.count}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  await cluster.close();
}
process.exit(failed ? 1 : 0);
