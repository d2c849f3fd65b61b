// Blob key rules shared by every store. Keys become file paths (fs.ts) and URL paths
// (s3.ts publicUrl), so the rules are a path-traversal guard first: a key that passes can be
// joined under the store's folder and pasted into a URL without escaping.

/** S3's own limit on a key, in bytes; our keys are ASCII so characters equal bytes. */
const MAX_KEY_LENGTH = 1024;
/** Leaves room under NAME_MAX (255) for the fs store's temp and sidecar names. */
const MAX_SEGMENT_LENGTH = 200;
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

/**
 * Throws unless `key` is folders and a name joined by `/`, each of `[A-Za-z0-9_.-]`. Refused:
 * a leading or trailing `/`, empty segments (`a//b`), `..` anywhere, and segments that start
 * with `.` (hidden files, and the fs store's temp files, so a key never names one).
 */
export function assertBlobKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) {
    throw new Error(
      `invalid blob key ${JSON.stringify(key.slice(0, 100))}: ${problem}; allowed: segments of ` +
        `[A-Za-z0-9_.-] joined by "/", no leading "/" or ".", no "..", at most ${MAX_KEY_LENGTH} characters`,
    );
  }
}

function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is ${key.length} characters long`;
  if (key.includes('..')) return 'it contains ".."';
  if (key.startsWith('/')) return 'it starts with "/"';
  for (const segment of key.split('/')) {
    if (segment.length === 0) return 'it has an empty segment';
    if (segment.length > MAX_SEGMENT_LENGTH) return `a segment is ${segment.length} characters long`;
    if (!SEGMENT.test(segment)) return `segment ${JSON.stringify(segment.slice(0, 40))} is not allowed`;
  }
  return undefined;
}

/**
 * The S3 key prefix as given in config ("renders" or "renders/"), checked with the key rules
 * and ending in `/`; "" when unset.
 */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  assertBlobKey(trimmed);
  return `${trimmed}/`;
}

const CONTENT_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  json: 'application/json',
};

/** A content type from the key's extension, for blobs whose stored metadata is missing. */
export function contentTypeFromKey(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const extension = dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
