// The properties a cluster must keep, each a function that throws (node:assert) when it does not:
// used by `npm run cluster` with large counts and by test/cluster with small ones.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Queue } from 'bullmq';
import type { AddressInfo } from 'node:net';
import { FONT_SET_CACHE_MS } from '../../src/fonts/library.ts';
import { BULLMQ_QUEUE_NAME } from '../../src/queue/bullmq.ts';
import { CLUSTER_KEY, CLUSTER_REDIS_URL, type Cluster, type ClusterNode } from './cluster.ts';

const headers = { authorization: `Bearer ${CLUSTER_KEY}`, 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long any wait in a check may take before it fails (generous: the machine is shared). */
const SETTLE_TIMEOUT_MS = 600_000;

async function post(base: string, path: string, body: unknown, key?: string): Promise<Response> {
  const auth = key ? { ...headers, authorization: `Bearer ${key}` } : headers;
  return fetch(`${base}${path}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
}

/** 503 SERVER_BUSY answers retried by submit (load shedding on a loaded machine), for the report. */
export const busyRetries = { count: 0 };

/**
 * POSTs a submission, retrying a 503 SERVER_BUSY after its Retry-After as a client (and the SDK)
 * would: load shedding refuses the request before anything is queued, so a retry cannot
 * queue a job twice.
 */
async function submit(base: string, path: string, body: unknown, key?: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await post(base, path, body, key);
    if (res.status !== 503 || attempt >= 20) return res;
    const text = await res.text();
    if (!text.includes('"SERVER_BUSY"'))
      return new Response(text, { status: res.status, headers: res.headers });
    busyRetries.count++;
    await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
  }
}

/** Sum of a counter's samples on a node's /metrics whose labels include `match`. */
export async function counter(node: ClusterNode, name: string, match = ''): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) && line.includes(match))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const cardHtml = (text: string) =>
  `<div style="display:flex;width:100%;height:100%;background:#123;color:white;font-size:24px">${text}</div>`;

/** Submits async renders through the proxy, `parallel` at a time; resolves their job ids. */
export async function submitJobs(
  cluster: Cluster,
  count: number,
  options: { tag: string; webhook?: string; parallel?: number; onSubmitted?: (n: number) => void },
): Promise<string[]> {
  const ids: string[] = [];
  let index = 0;
  const lane = async () => {
    while (index < count) {
      const i = index++;
      const res = await submit(cluster.url, '/v1/render', {
        html: cardHtml(`${options.tag} ${i}`),
        width: 200,
        height: 100,
        async: true,
        ...(options.webhook ? { webhook_url: options.webhook } : {}),
      });
      if (res.status !== 202) assert.fail(`job ${i} was not accepted: ${res.status} ${await res.text()}`);
      ids.push(((await res.json()) as { id: string }).id);
      options.onSubmitted?.(ids.length);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 8 }, lane));
  return ids;
}

/** Waits until every job has settled; resolves each one's final status. */
export async function settleJobs(cluster: Cluster, ids: string[]): Promise<Map<string, string>> {
  const done = new Map<string, string>();
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (done.size < ids.length) {
    assert.ok(Date.now() < deadline, `${ids.length - done.size} of ${ids.length} jobs never settled`);
    for (const id of ids.filter((i) => !done.has(i))) {
      const res = await fetch(`${cluster.url}/v1/jobs/${id}`, { headers });
      if (res.status !== 200) continue; // a node restarting: ask again
      const job = (await res.json()) as { status: string };
      if (job.status === 'succeeded' || job.status === 'failed') done.set(id, job.status);
    }
    if (done.size < ids.length) await sleep(500);
  }
  return done;
}

/** A webhook receiver on loopback counting each job's `render.succeeded` deliveries. */
async function startReceiver(): Promise<{
  url: string;
  counts: Map<string, number>;
  close(): Promise<void>;
}> {
  const counts = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const event = JSON.parse(body) as { id: string; type: string };
      if (event.type === 'render.succeeded') counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hook`,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Submits async batches (POST /v1/render/batch, async) through the proxy, one at a time. */
export async function submitBatches(
  cluster: Cluster,
  batches: number,
  size: number,
  options: { tag: string; webhook?: string },
): Promise<{ id: string; jobIds: string[] }[]> {
  const accepted: { id: string; jobIds: string[] }[] = [];
  for (let b = 0; b < batches; b++) {
    const items = Array.from({ length: size }, (_, i) => ({
      html: cardHtml(`${options.tag} batch ${b} item ${i}`),
      width: 200,
      height: 100,
    }));
    const res = await submit(cluster.url, '/v1/render/batch', {
      items,
      async: true,
      ...(options.webhook ? { webhook_url: options.webhook } : {}),
    });
    if (res.status !== 202) assert.fail(`batch ${b} was not accepted: ${res.status} ${await res.text()}`);
    const batch = (await res.json()) as { id: string; items: { job_id: string }[] };
    assert.equal(batch.items.length, size, 'a batch lists one job per item');
    accepted.push({ id: batch.id, jobIds: batch.items.map((item) => item.job_id) });
  }
  return accepted;
}

/** Waits until every batch reads `completed` on GET /v1/batches/:id; resolves their views. */
async function settleBatches(
  cluster: Cluster,
  ids: string[],
): Promise<Map<string, { succeeded: number; failed: number }>> {
  const done = new Map<string, { succeeded: number; failed: number }>();
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (done.size < ids.length) {
    assert.ok(Date.now() < deadline, `${ids.length - done.size} of ${ids.length} batches never completed`);
    for (const id of ids.filter((i) => !done.has(i))) {
      const res = await fetch(`${cluster.url}/v1/batches/${id}`, { headers });
      if (res.status !== 200) continue; // a node restarting: ask again
      const view = (await res.json()) as { status: string; succeeded: number; failed: number };
      if (view.status === 'completed') done.set(id, { succeeded: view.succeeded, failed: view.failed });
    }
    if (done.size < ids.length) await sleep(500);
  }
  return done;
}

/** The latest start of these jobs (BullMQ's processedOn, set again by each attempt), read in Redis. */
async function lastStart(cluster: Cluster, ids: string[]): Promise<number> {
  const queue = new Queue(BULLMQ_QUEUE_NAME, {
    connection: { url: CLUSTER_REDIS_URL },
    prefix: cluster.env.PLACARD_REDIS_PREFIX,
  });
  try {
    const jobs = await Promise.all(ids.map((id) => queue.getJob(id)));
    return Math.max(...jobs.map((job) => job?.processedOn ?? 0));
  } finally {
    await queue.close();
  }
}

export interface ExactlyOnceReport {
  /** Single async renders, and async batch items, submitted. */
  jobs: number;
  batchItems: number;
  succeeded: number;
  /** Batches that read `completed` with every item succeeded. */
  batchesComplete: number;
  lost: number;
  completedTwice: number;
  /** Jobs that needed more than one attempt (the killed worker's, recovered as stalled). */
  retried: number;
  /**
   * From the SIGKILL to the last retried job's new start (BullMQ's processedOn): how long
   * stalled-job recovery took. Undefined when no job was running on the killed worker.
   */
  recoverySeconds: number | undefined;
  /** From the SIGKILL to the end of the last retried job (its wait behind the backlog included). */
  recoveredDoneSeconds: number | undefined;
  seconds: number;
}

/**
 * Property 1: async jobs and async batches submitted across both API nodes all complete
 * exactly once while a worker is SIGKILLed mid-run and restarted and an API node is restarted.
 * "Completed" is counted by the webhook each success sends (a batch item's too): a job run
 * twice to completion would send two.
 */
export async function jobsExactlyOnce(
  cluster: Cluster,
  jobs: number,
  batches: { count: number; size: number } = { count: 0, size: 0 },
): Promise<ExactlyOnceReport> {
  const receiver = await startReceiver();
  const started = performance.now();
  try {
    let chaos: Promise<void> | undefined;
    let killedAt = 0;
    // Batches go in beside the single jobs, so both are in flight when the worker dies.
    const [ids, accepted] = await Promise.all([
      submitJobs(cluster, jobs, {
        tag: 'once',
        webhook: receiver.url,
        onSubmitted: (n) => {
          if (n !== Math.ceil(jobs / 3) || chaos) return;
          chaos = (async () => {
            const [worker] = cluster.workers;
            const [api] = cluster.api;
            killedAt = Date.now();
            await cluster.kill(worker!, 'SIGKILL');
            await cluster.kill(api!, 'SIGTERM');
            await Promise.all([cluster.restart(worker!), cluster.restart(api!)]);
          })();
        },
      }),
      submitBatches(cluster, batches.count, batches.size, { tag: 'once', webhook: receiver.url }),
    ]);
    await chaos;
    const statuses = await settleJobs(cluster, ids);
    const batchViews = await settleBatches(
      cluster,
      accepted.map((b) => b.id),
    );
    const itemIds = accepted.flatMap((b) => b.jobIds);
    const all = [...ids, ...itemIds];
    const succeeded =
      [...statuses.values()].filter((s) => s === 'succeeded').length +
      [...batchViews.values()].reduce((sum, view) => sum + view.succeeded, 0);
    // Webhooks are sent after the job is stored; wait for the last ones to arrive.
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (all.some((id) => !receiver.counts.has(id)) && Date.now() < deadline) await sleep(500);
    const retriedIds: string[] = [];
    let lastRecovered = 0;
    for (const id of all) {
      const job = (await (await fetch(`${cluster.url}/v1/jobs/${id}`, { headers })).json()) as {
        attempts: number;
        updated_at: string;
      };
      if (job.attempts > 1) {
        retriedIds.push(id);
        lastRecovered = Math.max(lastRecovered, Date.parse(job.updated_at));
      }
    }
    return {
      jobs: ids.length,
      batchItems: itemIds.length,
      succeeded,
      batchesComplete: [...batchViews.values()].filter((v) => v.failed === 0).length,
      lost: all.filter((id) => !receiver.counts.has(id)).length,
      completedTwice: all.filter((id) => (receiver.counts.get(id) ?? 0) > 1).length,
      retried: retriedIds.length,
      recoverySeconds:
        retriedIds.length > 0 && killedAt > 0
          ? ((await lastStart(cluster, retriedIds)) - killedAt) / 1000
          : undefined,
      recoveredDoneSeconds:
        retriedIds.length > 0 && killedAt > 0 ? (lastRecovered - killedAt) / 1000 : undefined,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await receiver.close();
  }
}

/** Property 2: identical concurrent requests spread over the API nodes cause one render. */
export async function singleFlight(
  cluster: Cluster,
  requests: number,
): Promise<{ renders: number; ok: number }> {
  const misses = async () =>
    (await Promise.all(cluster.api.map((n) => counter(n, 'placard_draws_total')))).reduce((a, b) => a + b, 0);
  const before = await misses();
  const body = { html: cardHtml(`flight ${Date.now()}`), width: 300, height: 150 };
  const answers = await Promise.all(
    Array.from({ length: requests }, () => submit(cluster.url, '/v1/render', body)),
  );
  const bodies = await Promise.all(answers.map(async (r) => Buffer.from(await r.arrayBuffer())));
  const ok = answers.filter((r) => r.status === 200).length;
  assert.equal(ok, requests, `only ${ok} of ${requests} identical requests answered 200`);
  assert.ok(
    bodies.every((b) => b.equals(bodies[0]!)),
    'identical requests got different images',
  );
  return { renders: (await misses()) - before, ok };
}

/** Properties 4 and 5: a template saved and a URL signed on one node serve from the other. */
export async function acrossNodes(cluster: Cluster): Promise<{ etag: string }> {
  const [one, two] = cluster.api as [ClusterNode, ClusterNode];
  const created = await post(one.url, '/v1/templates', {
    name: 'Cluster card',
    kind: 'html',
    source: cardHtml('{{title}}'),
    width: 200,
    height: 100,
  });
  if (created.status !== 201) assert.fail(`template not created: ${await created.text()}`);
  const templateId = ((await created.json()) as { id: string }).id;
  const rendered = await post(two.url, '/v1/render', {
    template_id: templateId,
    variables: { title: 'Two' },
  });
  assert.equal(rendered.status, 200, `template saved on ${one.name} did not render on ${two.name}`);
  assert.equal(rendered.headers.get('content-type'), 'image/png');

  const minted = await post(one.url, '/v1/urls', { template_id: templateId, variables: { title: 'Signed' } });
  if (minted.status !== 200) assert.fail(`URL not minted: ${await minted.text()}`);
  const signed = new URL(((await minted.json()) as { url: string }).url);
  const pathAndQuery = signed.pathname + signed.search;
  const onTwo = await fetch(`${two.url}${pathAndQuery}`);
  assert.equal(onTwo.status, 200, `URL signed on ${one.name} refused by ${two.name}`);
  const etag = onTwo.headers.get('etag');
  assert.ok(etag, 'a signed image has an ETag');
  const onOne = await fetch(`${one.url}${pathAndQuery}`);
  assert.equal(onOne.headers.get('etag'), etag, 'both nodes give the same ETag');
  const revalidated = await fetch(`${two.url}${pathAndQuery}`, { headers: { 'if-none-match': etag } });
  assert.equal(revalidated.status, 304);
  return { etag };
}

/** Renders/s of `jobs` async renders with the workers now running. */
export async function throughput(cluster: Cluster, jobs: number, tag: string): Promise<number> {
  const started = performance.now();
  const ids = await submitJobs(cluster, jobs, { tag, parallel: 16 });
  const statuses = await settleJobs(cluster, ids);
  assert.ok(
    [...statuses.values()].every((s) => s === 'succeeded'),
    'every throughput job succeeds',
  );
  return jobs / ((performance.now() - started) / 1000);
}

/** The plan the credits check puts its account on (the cluster's PLACARD_PLANS). */
export const CREDIT_PLAN = 'cluster-credits';
export const CLUSTER_PLANS = JSON.stringify({ [CREDIT_PLAN]: { credits: true, features: 'all' } });

/**
 * Property 3: `requests` concurrent renders, each drawn (distinct), for `credits` credits,
 * spread over both API nodes, admit exactly `credits`; the rest are 402 INSUFFICIENT_CREDITS.
 */
export async function creditsExact(
  cluster: Cluster,
  requests: number,
  credits: number,
): Promise<{ admitted: number; refused: number; other: string[] }> {
  const [one, two] = cluster.api as [ClusterNode, ClusterNode];
  const made = await post(one.url, '/v1/keys', {
    name: 'credits',
    role: 'admin',
    new_account_name: 'Credits',
  });
  if (made.status !== 201) assert.fail(`key not created: ${await made.text()}`);
  const { key, account_id: accountId } = (await made.json()) as { key: string; account_id: string };
  const plan = await fetch(`${two.url}/v1/accounts/${accountId}/plan`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ plan: CREDIT_PLAN }),
  });
  if (plan.status !== 200) assert.fail(`plan not set: ${await plan.text()}`);
  const added = await post(one.url, `/v1/accounts/${accountId}/credits`, { amount: credits });
  if (added.status !== 200) assert.fail(`credits not added: ${await added.text()}`);
  const answers = await Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const res = await submit(
        cluster.url,
        '/v1/render',
        { html: cardHtml(`credit ${i} ${Date.now()}`), width: 100, height: 50 },
        key,
      );
      const body = res.status === 200 ? '' : await res.text();
      return { status: res.status, body };
    }),
  );
  return {
    admitted: answers.filter((a) => a.status === 200).length,
    refused: answers.filter((a) => a.status === 402 && a.body.includes('INSUFFICIENT_CREDITS')).length,
    other: answers.filter((a) => a.status !== 200 && a.status !== 402).map((a) => `${a.status} ${a.body}`),
  };
}

/** JetBrains Mono as fontsource ships it, uploaded under a family name no node bundles. */
const CLUSTER_FONT_FILE = createRequire(import.meta.url).resolve(
  '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2',
);
export const CLUSTER_FONT_FAMILY = 'Cluster Mono';

const fontCard = (family: string, text: string) =>
  `<div style="display:flex;width:100%;height:100%;background:white;color:black;font-family:'${family}';font-size:28px">${text}</div>`;

export interface FontsAcrossReport {
  /** From the upload's answer to the other node's first render without a fallback. */
  visibleAfterSeconds: number;
  /** The template with the account font, drawn by the other API node: no fallback named. */
  apiFallback: string | null;
  /** The same card through an async job, drawn by a worker, is the same image. */
  workerSameImage: boolean;
  /** A family nobody uploaded is named in X-Font-Fallback (the check can tell the difference). */
  controlFallback: string | null;
}

/**
 * Property 5: an account font uploaded (POST /v1/fonts) and a template using it saved on one API
 * node render with that font on the other API node (within FONT_SET_CACHE_MS) and on a worker. The upload is JetBrains Mono
 * renamed, so drawn with the account font the card must be the image the bundled face draws.
 */
export async function fontsAcrossNodes(cluster: Cluster): Promise<FontsAcrossReport> {
  const [one, two] = cluster.api as [ClusterNode, ClusterNode];
  const family = `${CLUSTER_FONT_FAMILY} ${Date.now()}`;
  const uploaded = await fetch(`${one.url}/v1/fonts?family=${encodeURIComponent(family)}`, {
    method: 'POST',
    headers: { authorization: headers.authorization, 'content-type': 'font/woff2' },
    body: await readFile(CLUSTER_FONT_FILE),
  });
  if (uploaded.status !== 201) assert.fail(`font not uploaded on ${one.name}: ${await uploaded.text()}`);
  const created = await post(one.url, '/v1/templates', {
    name: 'Cluster font card',
    kind: 'html',
    source: fontCard(family, '{{title}}'),
    width: 320,
    height: 60,
  });
  if (created.status !== 201) assert.fail(`template not created: ${await created.text()}`);
  const templateId = ((await created.json()) as { id: string }).id;
  const title = `Fonts ${Date.now()}`;

  // Each node remembers an account's font list for FONT_SET_CACHE_MS (src/fonts/library.ts), so
  // a font uploaded elsewhere may take that long to appear: ask until it does, and say how long.
  const uploadedAt = performance.now();
  const deadline = Date.now() + 10 * FONT_SET_CACHE_MS;
  let onTwo: Response;
  for (;;) {
    onTwo = await post(two.url, '/v1/render', {
      template_id: templateId,
      variables: { title },
      cache_ttl: 0,
    });
    assert.equal(onTwo.status, 200, `template saved on ${one.name} did not render on ${two.name}`);
    if (!onTwo.headers.get('x-font-fallback') || Date.now() > deadline) break;
    await sleep(100);
  }
  const visibleAfterSeconds = (performance.now() - uploadedAt) / 1000;
  const drawn = Buffer.from(await onTwo.arrayBuffer());
  const bundled = await post(two.url, '/v1/render', {
    html: fontCard('JetBrains Mono', title),
    width: 320,
    height: 60,
    cache_ttl: 0,
  });
  assert.ok(
    drawn.equals(Buffer.from(await bundled.arrayBuffer())),
    `${two.name} drew the account font's card unlike the face it was uploaded from`,
  );
  const control = await post(two.url, '/v1/render', {
    html: fontCard('Never Uploaded Mono', title),
    width: 320,
    height: 60,
    cache_ttl: 0,
  });

  // The same card through the queue: a worker draws it and stores it in S3.
  const queued = await post(cluster.url, '/v1/render', {
    template_id: templateId,
    variables: { title },
    cache_ttl: 0,
    async: true,
  });
  if (queued.status !== 202) assert.fail(`async render not accepted: ${await queued.text()}`);
  const jobId = ((await queued.json()) as { id: string }).id;
  const status = await settleJobs(cluster, [jobId]);
  assert.equal(status.get(jobId), 'succeeded', 'the worker rendered the account-font template');
  const job = (await (await fetch(`${cluster.url}/v1/jobs/${jobId}`, { headers })).json()) as {
    result: { url: string };
  };
  const stored = Buffer.from(await (await fetch(job.result.url)).arrayBuffer());
  return {
    visibleAfterSeconds,
    apiFallback: onTwo.headers.get('x-font-fallback'),
    workerSameImage: stored.equals(drawn),
    controlFallback: control.headers.get('x-font-fallback'),
  };
}
