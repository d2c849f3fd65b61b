// What only the S3 blob store promises, beyond the shared contract: clear start-up errors that
// name the bucket and endpoint but never the secret, keys under the configured prefix, and
// the AWS SDK loaded only by the S3 store. Runs against s3rver, started here.
import { execFile } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3BlobStore, type S3BlobStoreOptions } from '../../src/storage/blob/s3.ts';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'sup3r-secret-never-printed';

let server: S3TestServer;
beforeAll(async () => {
  server = await startS3Server();
});
afterAll(async () => {
  await server?.close();
});

function options(overrides: Partial<S3BlobStoreOptions> = {}): S3BlobStoreOptions {
  return {
    endpoint: server.endpoint,
    region: server.region,
    bucket: server.bucket,
    forcePathStyle: true,
    ...server.credentials,
    ...overrides,
  };
}

async function startError(overrides: Partial<S3BlobStoreOptions>): Promise<string> {
  const error = await createS3BlobStore(options(overrides)).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(Error);
  return error?.message ?? '';
}

describe('s3 blob store', () => {
  it('refuses to start on a missing bucket, naming the bucket and the endpoint', async () => {
    const message = await startError({ bucket: 'no-such-bucket' });
    expect(message).toContain('"no-such-bucket"');
    expect(message).toContain(server.endpoint);
    expect(message).toMatch(/does not exist/);
  });

  it('refuses to start with bad credentials and never shows the secret', async () => {
    // s3rver checks the access key id but not SigV4 signatures, so the id is what is wrong here.
    const message = await startError({ accessKeyId: 'NOT-A-KEY', secretAccessKey: SECRET });
    expect(message).toMatch(/access denied/);
    expect(message).toContain(`"${server.bucket}"`);
    expect(message).not.toContain(SECRET);
  });

  it('refuses to start when the endpoint does not answer, without leaking endpoint credentials', async () => {
    const port = await closedPort();
    const message = await startError({ endpoint: `http://user:${SECRET}@127.0.0.1:${port}` });
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain(SECRET);
  });

  it('refuses half a credential pair', async () => {
    expect(await startError({ secretAccessKey: undefined })).toMatch(/both .* or neither/);
  });

  it('keeps objects under the prefix and links them under the public base URL', async () => {
    const prefixed = await createS3BlobStore(
      options({ prefix: 'renders/', publicBaseUrl: 'https://cdn.test' }),
    );
    const bare = await createS3BlobStore(options());
    try {
      await prefixed.put('2026/11/p.png', Buffer.from('p'), { contentType: 'image/png' });
      expect((await bare.get('renders/2026/11/p.png'))?.data.toString()).toBe('p');
      expect(await bare.get('2026/11/p.png')).toBeUndefined();
      expect(prefixed.publicUrl('2026/11/p.png')).toBe('https://cdn.test/renders/2026/11/p.png');
      expect(bare.publicUrl('2026/11/p.png')).toBeUndefined();
    } finally {
      await Promise.all([prefixed.close(), bare.close()]);
    }
  });

  it('is the only store that loads the AWS SDK', async () => {
    // A fresh process, since this test process has loaded the SDK already.
    const script = `
      const { createRequire } = await import('node:module');
      const { createFsBlobStore } = await import('./src/storage/blob/index.ts');
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('@aws-sdk'));
      const store = createFsBlobStore({ dir: process.argv[1] });
      await store.get('x.png');
      const afterFs = loaded();
      await import('@aws-sdk/client-s3');
      console.log(JSON.stringify({ afterFs, afterSdk: loaded() }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        script,
        path.join(os.tmpdir(), 'placard-no-such-folder'),
      ],
      { cwd: projectRoot },
    );
    // afterSdk proves the check can see the SDK at all.
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '')).toEqual({ afterFs: false, afterSdk: true });
  });
});

/** A port nothing listens on: bind one, then close it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
