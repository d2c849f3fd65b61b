// The font library as two nodes see it: PostgreSQL and S3 (s3rver) shared by two library
// instances. What one node uploads, the other draws from; each reads a file from S3 once; a
// delete on one reaches the other within FONT_SET_CACHE_MS; a refused upload leaves nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FONT_SET_CACHE_MS, createFontLibrary, type FontLibrary } from '../../src/fonts/library.ts';
import { createS3BlobStore } from '../../src/storage/blob/s3.ts';
import type { BlobStore } from '../../src/storage/blob/index.ts';
import { createDatabase, type Database } from '../../src/storage/db/index.ts';
import type { DatabaseFixture } from '../contract/db-fixture.ts';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.ts';
import { testFonts } from '../helpers/fonts.ts';
import { createPostgresFixture, postgresUnavailable } from '../storage/fixtures.ts';

const skip = await postgresUnavailable();
if (skip) console.warn(`[font library] skipping the PostgreSQL + S3 case: ${skip}`);

/** Counts reads, to show a node fetches a font file once. */
function counting(store: BlobStore): BlobStore & { gets: number } {
  const counted = Object.assign(Object.create(store) as BlobStore, { gets: 0 });
  counted.get = async (key) => {
    counted.gets += 1;
    return store.get(key);
  };
  return counted as BlobStore & { gets: number };
}

describe.skipIf(skip !== undefined)('font library on PostgreSQL and S3, two nodes', () => {
  let s3: S3TestServer;
  let fixture: DatabaseFixture;
  const dbs: Database[] = [];
  const stores: (BlobStore & { gets: number })[] = [];
  const nodes: FontLibrary[] = [];
  const limits = { maxBytes: 1 << 20, quota: 5, quotaBytes: 1 << 22, cacheBytes: 1 << 24 };

  beforeAll(async () => {
    s3 = await startS3Server();
    fixture = await createPostgresFixture();
    for (let i = 0; i < 2; i += 1) {
      const db = await createDatabase(fixture.options);
      const store = counting(
        await createS3BlobStore({
          endpoint: s3.endpoint,
          region: s3.region,
          bucket: s3.bucket,
          forcePathStyle: true,
          ...s3.credentials,
        }),
      );
      dbs.push(db);
      stores.push(store);
      nodes.push(createFontLibrary(db, store, limits));
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await Promise.all(dbs.map((db) => db.close()));
    await fixture?.destroy();
    await s3?.close();
  });

  it('one node uploads, the other lists, draws from and loads the file once', async () => {
    const account = (await dbs[0]!.accounts.create({ name: 'nodes' })).id;
    const font = await nodes[0]!.add(account, testFonts.woff2(), { family: 'Brand' });
    expect((await nodes[1]!.list(account)).map((f) => f.id)).toEqual([font.id]);
    const set = await nodes[1]!.fontSet(account);
    expect(set.faces.map((face) => [face.family, face.weight, face.style])).toEqual([
      ['Brand', 400, 'normal'],
    ]);
    const before = stores[1]!.gets;
    const [a, b] = await Promise.all([set.faces[0]!.load(), set.faces[0]!.load()]);
    await set.faces[0]!.load();
    expect(Buffer.from(a).equals(testFonts.woff2())).toBe(true);
    expect(b).toBe(a);
    expect(stores[1]!.gets - before).toBe(1);
  });

  it('a delete on one node reaches the other within FONT_SET_CACHE_MS, file and all', async () => {
    const account = (await dbs[0]!.accounts.create({ name: 'delete' })).id;
    const font = await nodes[0]!.add(account, testFonts.woff2(), { family: 'Brief' });
    const seen = await nodes[1]!.fontSet(account);
    expect(seen.faces).toHaveLength(1);
    await nodes[0]!.remove(account, font.id);
    expect((await nodes[0]!.fontSet(account)).faces).toEqual([]); // at once on the node that deleted
    await new Promise((resolve) => setTimeout(resolve, FONT_SET_CACHE_MS + 100));
    const after = await nodes[1]!.fontSet(account);
    expect(after.faces).toEqual([]);
    expect(after.version).not.toBe(seen.version);
    expect(await stores[0]!.get(font.blobKey)).toBeUndefined();
  });

  it('a refused upload stores neither a row nor an object', async () => {
    const account = (await dbs[0]!.accounts.create({ name: 'refused' })).id;
    await expect(nodes[0]!.add(account, testFonts.woff2().subarray(0, 5000))).rejects.toMatchObject({
      code: 'FONT_TRUNCATED',
    });
    const first = await nodes[0]!.add(account, testFonts.woff2(), { family: 'Twice' });
    await expect(nodes[1]!.add(account, testFonts.ttf(), { family: 'twice' })).rejects.toMatchObject({
      code: 'FONT_EXISTS',
    });
    expect((await nodes[0]!.list(account)).map((f) => f.id)).toEqual([first.id]);
    // The refused twin's object was written before the check and removed after it.
    const objects = await listKeys(s3, `fonts/${account}/`);
    expect(objects).toEqual([first.blobKey]);
  });
});

async function listKeys(s3: S3TestServer, prefix: string): Promise<string[]> {
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: s3.credentials,
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  } finally {
    client.destroy();
  }
}
