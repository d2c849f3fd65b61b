import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.ts';
import { startServer, type Server } from '../helpers/cli.ts';
import { decode } from '../helpers/image.ts';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('placard serve over a real socket', () => {
  const dataDir = tempDir();

  it('creates one API key on first start, prints it once and keeps only its hash', async () => {
    const server = await startServer({ PLACARD_DATA_DIR: dataDir, PLACARD_LOG_LEVEL: 'info' });
    servers.push(server);
    // The key is for a human, on stderr; stdout is the JSON log and never holds the key.
    const key = /\b(pk_[\w-]+)/.exec(server.stderr())?.[1];
    expect(key).toBeDefined();
    expect(server.stdout()).not.toContain(key);
    // Only the hash is stored: the key's text appears nowhere in the database files.
    for (const file of fs.readdirSync(dataDir)) {
      expect(fs.readFileSync(path.join(dataDir, file)).includes(key!)).toBe(false);
    }

    const res = await fetch(`${server.url}/v1/render`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        html: '<div style="font-size:40px">{{title}}</div>',
        variables: { title: 'Hello' },
        format: 'webp',
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const image = await decode(Buffer.from(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 630]);

    const denied = await fetch(`${server.url}/v1/render`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(denied.status).toBe(401);
    await server.stop();
    const log = server
      .stdout()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; cache?: string; format?: string });
    expect(log.map((l) => l.msg)).toContain(
      'created the bootstrap admin API key; it was printed once on stderr',
    );
    expect(log.find((l) => l.msg === 'render')).toMatchObject({ format: 'webp', cache: 'MISS' });

    // Second start: the same key still works and no new key is printed.
    const again = await startServer({ PLACARD_DATA_DIR: dataDir });
    servers.push(again);
    expect(again.output()).not.toMatch(/pk_/);
    const ok = await fetch(`${again.url}/v1/render`, {
      method: 'POST',
      headers: { 'x-api-key': key!, 'content-type': 'application/json' },
      body: JSON.stringify({ html: '<div/>', width: 10, height: 10 }),
    });
    expect(ok.status).toBe(200);
  });

  it('uses PLACARD_API_KEYS instead of creating a key', async () => {
    const dir = tempDir();
    const server = await startServer({ PLACARD_DATA_DIR: dir, PLACARD_API_KEYS: 'alpha-key, beta-key' });
    servers.push(server);
    expect(server.output()).not.toMatch(/pk_/);
    const res = await fetch(`${server.url}/v1/render`, {
      method: 'POST',
      headers: { authorization: 'Bearer beta-key', 'content-type': 'application/json' },
      body: JSON.stringify({ html: '<div/>', width: 10, height: 10 }),
    });
    expect(res.status).toBe(200);
  });

  it('refuses to start with an unknown or invalid setting, naming each problem', async () => {
    await expect(startServer({ PLACARD_PORTT: '1', PLACARD_RENDER_CONCURRENCY: 'many' })).rejects.toThrow(
      /PLACARD_PORTT is not a Placard setting[\s\S]*PLACARD_RENDER_CONCURRENCY must be an integer/,
    );
  });
});
