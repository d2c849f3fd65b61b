// Child process for blob-fs.test.ts: puts one large blob into an fs blob store and exits, so
// the test can kill it with SIGKILL mid-write. Argv: <dir> <key> <bytes>.
import { createFsBlobStore } from '../../src/storage/blob/fs.ts';

const [dir, key, bytes] = process.argv.slice(2);
if (!dir || !key || !bytes) throw new Error('usage: blob-crash-writer.ts <dir> <key> <bytes>');

const store = createFsBlobStore({ dir });
await store.put(key, Buffer.alloc(Number(bytes), 0xee), {
  contentType: 'image/png',
  cacheControl: 'crashed',
});
process.stdout.write('finished\n');
