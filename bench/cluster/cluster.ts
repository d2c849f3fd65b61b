// A real cluster on one machine, for `npm run cluster` and test/cluster: an S3-compatible server
// (s3rver), API and worker nodes as separate `placard serve` processes on real sockets against
// PostgreSQL (a schema of its own per run) and Redis (a key prefix of its own per run), and a
// round-robin proxy in node:http in front of the API nodes (production uses nginx or any
// balancer). Nodes can be killed, stopped and restarted on the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startS3Server, type S3TestServer } from '../../test/helpers/s3-server.ts';
import { adminQuery, urlWithSearchPath } from '../../test/storage/fixtures.ts';
import { BIN, cleanEnv, freePort, ROOT } from '../../test/helpers/cli.ts';

export const CLUSTER_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CLUSTER_KEY = 'cluster-admin-key';
const START_TIMEOUT_MS = 60_000;
/** The cluster's PLACARD_JOB_LEASE_MS. */
export const CLUSTER_LEASE_MS = 5_000;

export interface ClusterNode {
  name: string;
  role: 'api' | 'worker';
  port: number;
  url: string;
  child: ChildProcess;
  /** Everything it wrote, for a failure message. */
  output(): string;
  /** Stopping: out of the proxy's rotation, as a balancer drains a node before stopping it. */
  draining?: boolean;
}

export interface Cluster {
  api: ClusterNode[];
  workers: ClusterNode[];
  /** The round-robin in front of the API nodes. */
  url: string;
  /** Every PLACARD_* setting the nodes share. */
  env: Record<string, string>;
  kill(node: ClusterNode, signal?: NodeJS.Signals): Promise<number | null>;
  /** Starts a node again on its port (after kill). */
  restart(node: ClusterNode): Promise<void>;
  /** Adds a worker (the throughput table goes from 1 to 2). */
  addWorker(): Promise<ClusterNode>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  apiNodes?: number;
  workers?: number;
  /** Extra settings for every node (e.g. a plan table). */
  env?: Record<string, string>;
}

async function waitHealthy(node: ClusterNode): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (node.child.exitCode !== null || node.child.signalCode !== null)
      throw new Error(`${node.name} exited early:\n${node.output()}`);
    try {
      if ((await fetch(`${node.url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${node.name} did not become ready:\n${node.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function spawnNode(node: Omit<ClusterNode, 'child' | 'output'>, env: Record<string, string>): ClusterNode {
  const child = spawn(process.execPath, [BIN, 'serve', '--role', node.role], {
    cwd: ROOT,
    env: cleanEnv({ ...env, PLACARD_PORT: String(node.port), PLACARD_HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // The render log is one line per render: keep only the tail, a long run writes thousands.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { ...node, child, output: () => output };
}

/**
 * A round-robin HTTP proxy: each request to the next API node that is up. A node that refuses
 * the connection (stopping, restarting) never saw the request, so the next one gets it, as a
 * balancer's retry would; any other failure is a 502.
 */
function startProxy(nodes: () => ClusterNode[], port: number): Promise<http.Server> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (left: number) => {
        const list = nodes();
        const target = list[next++ % Math.max(1, list.length)];
        if (!target) return void res.writeHead(502).end('proxy: no API node is up');
        const upstream = http.request(
          // A connection per request: a kept-alive one to a stopping node could be closed under a
          // request it never read, which no balancer could safely retry.
          {
            host: '127.0.0.1',
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
            agent: false,
          },
          (answer) => {
            if (answer.statusCode !== 503) {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              return void answer.pipe(res);
            }
            // Fastify's own 503 while closing (no Placard error code) means the request was
            // refused unread, so another node may take it; Placard's 503s are passed on.
            const parts: Buffer[] = [];
            answer.on('data', (chunk: Buffer) => parts.push(chunk));
            answer.on('end', () => {
              const text = Buffer.concat(parts);
              if (!text.includes('"code"') && left > 0) return void setTimeout(() => attempt(left - 1), 50);
              res.writeHead(503, answer.headers).end(text);
            });
          },
        );
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          // A draining node answers every request it read (SIGTERM's grace); a reset from it
          // with no answer is a connection its closing listener never accepted.
          const unread = error.code === 'ECONNREFUSED' || (target.draining && !res.headersSent);
          if (unread && left > 0) return void setTimeout(() => attempt(left - 1), 50);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`proxy: ${target.name}: ${error.message}`);
        });
        upstream.end(body);
      };
      attempt(20);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const run = randomBytes(5).toString('hex');
  const schema = `placard_cluster_${run}`;
  await adminQuery(`create schema ${schema}`);
  let s3: S3TestServer | undefined;
  const nodes: ClusterNode[] = [];
  let proxy: http.Server | undefined;
  const close = async () => {
    await Promise.all(nodes.map((n) => stopNode(n, 'SIGTERM')));
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    proxy?.closeAllConnections();
    await s3?.close();
    await adminQuery(`drop schema if exists ${schema} cascade`).catch(() => {});
  };
  try {
    s3 = await startS3Server('placard-cluster');
    const proxyPort = await freePort();
    const env: Record<string, string> = {
      PLACARD_DATABASE_URL: urlWithSearchPath(schema),
      PLACARD_DATA_DIR: path.join(os.tmpdir(), schema),
      PLACARD_REDIS_URL: CLUSTER_REDIS_URL,
      PLACARD_REDIS_PREFIX: `placard-cluster-${run}`,
      PLACARD_S3_BUCKET: s3.bucket,
      PLACARD_S3_ENDPOINT: s3.endpoint,
      PLACARD_S3_REGION: s3.region,
      PLACARD_S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      PLACARD_S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      PLACARD_S3_FORCE_PATH_STYLE: 'true',
      PLACARD_API_KEYS: CLUSTER_KEY,
      PLACARD_SIGNING_KEYS: `cluster-signing-${run}`,
      PLACARD_BASE_URL: `http://127.0.0.1:${proxyPort}`,
      PLACARD_FETCH_ALLOW_HOSTS: 'localhost',
      PLACARD_DEFAULT_PLAN: 'unlimited',
      PLACARD_LOG_LEVEL: 'warn',
      PLACARD_SHUTDOWN_GRACE_MS: '5000',
      // A SIGKILLed worker's jobs run again within about twice this (BullMQ's lock and its
      // stalled-job check), so the kill test takes seconds, not BullMQ's default minute.
      PLACARD_JOB_LEASE_MS: String(CLUSTER_LEASE_MS),
      // Hundreds of concurrent requests wait for a render slot instead of a 503.
      PLACARD_RENDER_QUEUE_MAX: '1000',
      ...options.env,
    };
    const add = async (role: 'api' | 'worker', index: number) => {
      const port = await freePort();
      const node = spawnNode({ name: `${role}-${index}`, role, port, url: `http://127.0.0.1:${port}` }, env);
      nodes.push(node);
      return node;
    };
    const api: ClusterNode[] = [];
    const workers: ClusterNode[] = [];
    // The first node migrates the schema alone; the others then start together.
    api.push(await add('api', 1));
    await waitHealthy(api[0]!);
    for (let i = 2; i <= (options.apiNodes ?? 2); i++) api.push(await add('api', i));
    for (let i = 1; i <= (options.workers ?? 2); i++) workers.push(await add('worker', i));
    await Promise.all(nodes.map(waitHealthy));
    // Only nodes that are up: a restarting API node is out of the rotation, as behind a balancer.
    const up = () =>
      api.filter((n) => !n.draining && n.child.exitCode === null && n.child.signalCode === null);
    proxy = await startProxy(up, proxyPort);
    const port = (proxy.address() as AddressInfo).port;
    return {
      api,
      workers,
      url: `http://127.0.0.1:${port}`,
      env,
      kill: (node, signal = 'SIGKILL') => stopNode(node, signal),
      async restart(node) {
        const again = spawnNode(node, env);
        const index = nodes.indexOf(node);
        // Back in the rotation once ready, as a balancer's health check would put it.
        Object.assign(node, { child: again.child, output: again.output, draining: true });
        if (index < 0) nodes.push(node);
        await waitHealthy(node);
        node.draining = false;
      },
      async addWorker() {
        const node = await add('worker', workers.length + 1);
        workers.push(node);
        await waitHealthy(node);
        return node;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function stopNode(node: ClusterNode, signal: NodeJS.Signals): Promise<number | null> {
  node.draining = true;
  return new Promise((resolve) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve(node.child.exitCode);
    node.child.once('exit', (code) => resolve(code));
    node.child.kill(signal);
  });
}
