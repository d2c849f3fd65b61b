// `placard serve --role api|worker`: real processes on one data folder. An api node answers
// HTTP and enqueues but never runs a job; a worker runs them and answers only health probes
// and metrics; SIGTERM on a worker lets its running job finish, or hands it back in time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import { tempDir } from '../helpers/app.ts';
import { runCli, startServer, type Server } from '../helpers/cli.ts';

const KEY = 'roles-key';
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

interface JobView {
  status: string;
  attempts: number;
}

let assets: AssetServer;
const servers: Server[] = [];
beforeAll(async () => {
  assets = await startAssetServer();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await assets.close();
});

function nodeEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PLACARD_DATA_DIR: dir,
    PLACARD_API_KEYS: KEY,
    PLACARD_FETCH_ALLOW_HOSTS: 'localhost',
    PLACARD_JOB_LEASE_MS: '1000',
    ...extra,
  };
}

async function start(env: Record<string, string>, args: string[] = []): Promise<Server> {
  const server = await startServer(env, args);
  servers.push(server);
  return server;
}

async function submit(api: Server, image: string): Promise<string> {
  const res = await fetch(`${api.url}/v1/render`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      html: `<img src="${assets.url(image, 'localhost')}" style="width:8px;height:8px">`,
      width: 8,
      height: 8,
      async: true,
    }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function settled(api: Server, id: string): Promise<JobView> {
  for (let i = 0; i < 600; i++) {
    const job = (await (await fetch(`${api.url}/v1/jobs/${id}`, { headers })).json()) as JobView;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not settle`);
}

/** The sum of placard_renders_total over its labels, from a node's /metrics. */
async function rendersCounted(node: Server): Promise<number> {
  const text = await (await fetch(`${node.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('placard_renders_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const exited = (server: Server) =>
  new Promise<number | null>((resolve) => {
    if (server.child.exitCode !== null) resolve(server.child.exitCode);
    else server.child.once('exit', (code) => resolve(code));
  });

describe('roles', () => {
  it('runs jobs only on the worker; the worker serves health and metrics and no API', async () => {
    const dir = tempDir();
    const api = await start(nodeEnv(dir), ['--role', 'api']);
    const worker = await start(nodeEnv(dir, { PLACARD_ROLE: 'worker' }));

    const apiReady = await fetch(`${api.url}/readyz`);
    expect(apiReady.status).toBe(200);
    expect(await apiReady.json()).toMatchObject({
      status: 'ready',
      role: 'api',
      checked: ['database', 'blobs'],
    });
    const workerReady = await fetch(`${worker.url}/readyz`);
    expect(workerReady.status).toBe(200);
    expect(await workerReady.json()).toMatchObject({ role: 'worker', checked: ['database', 'blobs'] });
    expect((await fetch(`${worker.url}/metrics`)).status).toBe(200);
    const refused = await fetch(`${worker.url}/v1/render`, { method: 'POST', headers, body: '{}' });
    expect(refused.status).toBe(404);

    const ids = [await submit(api, '/red.png'), await submit(api, '/red.png'), await submit(api, '/red.png')];
    for (const id of ids) expect(await settled(api, id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await rendersCounted(worker)).toBe(3);
    expect(await rendersCounted(api)).toBe(0);
  });

  it('refuses an unknown role, naming the allowed ones and what it received', async () => {
    const result = await runCli(['serve', '--role', 'gateway'], { PLACARD_DATA_DIR: tempDir() });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('api, worker, all');
    expect(result.stderr).toContain('"gateway"');
  });

  it('on SIGTERM, a worker finishes its running job within the grace and exits 0', async () => {
    const dir = tempDir();
    const api = await start(nodeEnv(dir), ['--role', 'api']);
    const worker = await start(nodeEnv(dir, { PLACARD_SHUTDOWN_GRACE_MS: '60000' }), ['--role', 'worker']);
    const id = await submit(api, '/slow-drain.png?ms=2000');
    await assets.arrived('/slow-drain.png');
    const exit = exited(worker);
    worker.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(await settled(api, id)).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('on SIGTERM, a worker hands back a job it cannot finish in the grace; another worker runs it', async () => {
    const dir = tempDir();
    const api = await start(nodeEnv(dir), ['--role', 'api']);
    const first = await start(nodeEnv(dir, { PLACARD_SHUTDOWN_GRACE_MS: '200' }), ['--role', 'worker']);
    const id = await submit(api, '/slow-handback.png?ms=4000');
    await assets.arrived('/slow-handback.png');
    const exit = exited(first);
    first.child.kill('SIGTERM');
    expect(await exit).toBe(0);
    await start(nodeEnv(dir), ['--role', 'worker']);
    const job = await settled(api, id);
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBeGreaterThanOrEqual(2);
  });
});
