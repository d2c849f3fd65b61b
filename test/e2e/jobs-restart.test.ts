// An accepted async render survives the server being killed mid-job: the next start finishes it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import { tempDir } from '../helpers/app.ts';
import { startServer, type Server } from '../helpers/cli.ts';

let assets: AssetServer;
const servers: Server[] = [];
beforeAll(async () => {
  assets = await startAssetServer();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await assets.close();
});

it('finishes a job after the server is killed while running it', async () => {
  const env = {
    PLACARD_DATA_DIR: tempDir(),
    PLACARD_API_KEYS: 'restart-key',
    PLACARD_FETCH_ALLOW_HOSTS: 'localhost',
    PLACARD_JOB_LEASE_MS: '1000',
  };
  const headers = { authorization: 'Bearer restart-key', 'content-type': 'application/json' };
  const first = await startServer(env);
  servers.push(first);
  // The image takes 3 s to arrive, so the job is mid-render when the server dies.
  const slow = assets.url('/slow.png?ms=3000', 'localhost');
  const res = await fetch(`${first.url}/v1/render`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      html: `<img src="${slow}" style="width:8px;height:8px">`,
      width: 8,
      height: 8,
      async: true,
    }),
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  for (let i = 0; i < 100; i++) {
    const job = (await (await fetch(`${first.url}/v1/jobs/${id}`, { headers })).json()) as { status: string };
    if (job.status === 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  first.child.kill('SIGKILL');
  await new Promise((resolve) => first.child.once('exit', resolve));

  // Same address as before, as behind a load balancer: the stored render's URL points there.
  const second = await startServer({ ...env, PLACARD_PORT: new URL(first.url).port });
  servers.push(second);
  let job: { status: string; attempts: number; result?: { url: string } } = { status: 'queued', attempts: 0 };
  for (let i = 0; i < 300 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    job = (await (await fetch(`${second.url}/v1/jobs/${id}`, { headers })).json()) as typeof job;
  }
  expect(job.status).toBe('succeeded');
  expect(job.attempts).toBeGreaterThanOrEqual(2);
  const image = await fetch(job.result!.url);
  expect(image.status).toBe(200);
  expect(image.headers.get('content-type')).toBe('image/png');
});
