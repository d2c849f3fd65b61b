// The S3 blob store: any S3-compatible service (AWS, MinIO, R2, s3rver in tests). The SDK is
// imported only here and only when this factory runs, so filesystem users never load it.
// PutObject is atomic on S3: readers see the old object or the new one, never a partial one.
import type { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { assertBlobKey, normalizePrefix } from './keys.ts';
import type { BlobStore, StoredBlob } from './types.ts';

export interface S3BlobStoreOptions {
  /** For S3-compatible services; AWS itself when unset. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both or neither; neither uses the SDK's default chain (env, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: MinIO and most self-hosted stores. */
  forcePathStyle: boolean;
  /** A CDN or the bucket's public address; blobs are then linked there instead of served by Placard. */
  publicBaseUrl?: string;
  /** Prepended to every key, e.g. "renders/", so Placard can share a bucket. */
  prefix?: string;
}

/** Builds the store and checks the bucket is there and reachable; throws a clear Error if not. */
export async function createS3BlobStore(options: S3BlobStoreOptions): Promise<BlobStore> {
  const { bucket } = options;
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new Error(`S3 blob store: set both the access key id and the secret access key, or neither`);
  }
  const prefix = normalizePrefix(options.prefix);
  const baseUrl = options.publicBaseUrl?.replace(/\/+$/, '');
  const sdk = await import('@aws-sdk/client-s3');
  const client = new sdk.S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // Since early 2025 the SDK adds CRC32 checksums to every upload and validates them on
    // download; many S3-compatible services reject or ignore those headers. Only send them
    // where an operation requires it, as the SDK did before.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await checkBucket(
    client,
    () => client.send(new sdk.HeadBucketCommand({ Bucket: bucket })),
    describeTarget(options),
  );

  const objectKey = (key: string): string => {
    assertBlobKey(key);
    return prefix + key;
  };

  return {
    name: 's3',
    async put(key, data, meta) {
      await client.send(
        new sdk.PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: data,
          ContentLength: data.length,
          ContentType: meta.contentType,
          CacheControl: meta.cacheControl,
        }),
      );
    },
    async get(key): Promise<StoredBlob | undefined> {
      const reply = await client
        .send(new sdk.GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }))
        // Only NoSuchKey: a vanished bucket (NoSuchBucket) must fail loudly, not look empty.
        .catch((error: unknown) => (errorName(error) === 'NoSuchKey' ? undefined : Promise.reject(error)));
      if (!reply?.Body) return undefined;
      const bytes = await reply.Body.transformToByteArray();
      const blob: StoredBlob = {
        data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        contentType: reply.ContentType ?? 'application/octet-stream',
      };
      if (reply.CacheControl !== undefined) blob.cacheControl = reply.CacheControl;
      return blob;
    },
    async delete(key) {
      const Key = objectKey(key);
      // S3's DeleteObject answers 204 whether or not the object existed, so ask first. Two
      // concurrent deletes may both answer true; the object is gone either way.
      const existed = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key })).then(
        () => true,
        (error: unknown) => (statusOf(error) === 404 ? false : Promise.reject(error)),
      );
      if (existed) await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key }));
      return existed;
    },
    publicUrl(key) {
      const fullKey = objectKey(key);
      // Keys are URL-safe by construction (keys.ts), so they need no escaping here.
      return baseUrl === undefined || baseUrl === '' ? undefined : `${baseUrl}/${fullKey}`;
    },
    async close() {
      client.destroy();
    },
  };
}

async function checkBucket(client: S3Client, headBucket: () => Promise<unknown>, target: string) {
  try {
    await headBucket();
  } catch (error) {
    client.destroy();
    const status = statusOf(error);
    // HEAD replies carry no body, so the status is all S3 tells; never echo the credentials.
    const reason =
      status === 404
        ? 'the bucket does not exist'
        : status === 403 || status === 401
          ? 'access denied: check the access key id and secret access key, and the bucket policy'
          : status === 301 || status === 400
            ? 'the bucket is in another region or the endpoint is wrong: check the region and path-style setting'
            : `the request failed (${errorName(error) ?? 'error'}: ${(error as Error).message})`;
    throw new Error(`S3 blob store: cannot use ${target}: ${reason}`, { cause: error });
  }
}

function describeTarget(options: S3BlobStoreOptions): string {
  let where = `AWS S3 (region ${options.region})`;
  if (options.endpoint) {
    // An endpoint may carry user:password@; error messages and logs must not.
    const url = URL.canParse(options.endpoint) ? new URL(options.endpoint) : undefined;
    if (url) [url.username, url.password] = ['', ''];
    where = url ? url.origin + url.pathname.replace(/\/$/, '') : 'the configured endpoint';
  }
  return `bucket "${options.bucket}" at ${where}`;
}

function statusOf(error: unknown): number | undefined {
  return (error as Partial<S3ServiceException> | undefined)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
