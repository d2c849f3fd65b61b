// Runs the blob contract against every store: the filesystem in a temp folder, and S3 on a real
// S3-compatible server (s3rver) that this file starts. Never skipped: CI must run both.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createFsBlobStore } from '../../src/storage/blob/fs.ts';
import { createS3BlobStore } from '../../src/storage/blob/s3.ts';
import { runBlobContract } from '../contract/blob.contract.ts';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.ts';

describe('fs', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  runBlobContract('fs', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'placard-blob-'));
    dirs.push(dir);
    return createFsBlobStore({ dir: path.join(dir, 'renders') });
  });
});

describe('s3', () => {
  let server: S3TestServer | undefined;
  const s3 = (): S3TestServer => server ?? fail('s3rver not started');
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.close();
  });

  const options = () => ({
    endpoint: s3().endpoint,
    region: s3().region,
    bucket: s3().bucket,
    forcePathStyle: true,
    ...s3().credentials,
  });

  // s3rver streams a PUT straight into the object's file and writes its metadata to a second
  // file, so concurrent PUTs of one key tear on s3rver (seen: bytes of two writers, metadata of
  // a third). S3 itself replaces an object atomically and the store sends one PutObject.
  const serverTearsConcurrentPuts = 's3rver writes objects in place; real S3 PUTs are atomic';

  runBlobContract('s3, served by Placard', () => createS3BlobStore(options()), { serverTearsConcurrentPuts });

  runBlobContract(
    's3 behind a public base URL, with a key prefix',
    () => createS3BlobStore({ ...options(), publicBaseUrl: 'https://cdn.example.com/', prefix: 'renders' }),
    { publicUrl: (key) => `https://cdn.example.com/renders/${key}`, serverTearsConcurrentPuts },
  );
});

function fail(message: string): never {
  throw new Error(message);
}
