// Where rendered images are kept for `response: "url"`, signed URLs and async jobs: one small
// interface, one file per backend (fs.ts, s3.ts).

export interface BlobMeta {
  contentType: string;
  /** Sent to browsers and CDNs when the blob is served. */
  cacheControl?: string;
}

export interface StoredBlob extends BlobMeta {
  data: Buffer;
}

export interface BlobStore {
  /** The backend, named after it (fs, s3): a new driver names itself, nothing here changes. */
  readonly name: string;
  /** Writes atomically: a reader sees the whole blob or none, never a partial file. */
  put(key: string, data: Buffer, meta: BlobMeta): Promise<void>;
  get(key: string): Promise<StoredBlob | undefined>;
  /** True when it existed. */
  delete(key: string): Promise<boolean>;
  /**
   * The public URL of a blob when the store serves it itself (S3 behind PLACARD_PUBLIC_BASE_URL);
   * undefined when Placard serves it (the filesystem store).
   */
  publicUrl(key: string): string | undefined;
  close(): Promise<void>;
}
