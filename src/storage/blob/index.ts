// The blob stores and their contract; s3.ts loads the AWS SDK only when its factory runs.
export type { BlobMeta, BlobStore, StoredBlob } from './types.ts';
export { createFsBlobStore, type FsBlobStoreOptions } from './fs.ts';
export { createS3BlobStore, type S3BlobStoreOptions } from './s3.ts';
export { assertBlobKey } from './keys.ts';
