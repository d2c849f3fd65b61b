import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const createKey = (headers: Record<string, string>, body: object) =>
  t.app.inject({ method: 'POST', url: '/v1/keys', headers, payload: body });
const renderWith = (key: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: bearer(key),
    payload: { html: '<div/>', width: 10, height: 10 },
  });

describe('/v1/keys', () => {
  it('creates a key that works at once, shows it only in that reply, and revokes it', async () => {
    const created = await createKey(auth, { name: 'ci', role: 'member' });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { id: string; key: string; prefix: string; role: string };
    expect(body.key).toMatch(/^pk_/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    expect(body.role).toBe('member');
    expect((await renderWith(body.key)).statusCode).toBe(200);

    const list = (await t.app.inject({ url: '/v1/keys', headers: auth })).json() as { keys: object[] };
    expect(JSON.stringify(list)).not.toContain(body.key);
    expect(list.keys).toContainEqual(expect.objectContaining({ id: body.id, name: 'ci', revoked_at: null }));

    const revoked = await t.app.inject({ method: 'DELETE', url: `/v1/keys/${body.id}`, headers: auth });
    expect(revoked.statusCode).toBe(204);
    const after = await renderWith(body.key);
    expect(after.statusCode).toBe(401);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/keys/${body.id}`, headers: auth });
    expect(again.statusCode).toBe(404);
  });

  it('marks a key used when it is used, and not again within the minute', async () => {
    const { id, key } = (await createKey(auth, { name: 'marked' })).json() as { id: string; key: string };
    const lastUsed = async () => {
      const list = (await t.app.inject({ url: '/v1/keys', headers: auth })).json() as {
        keys: { id: string; last_used_at: string | null }[];
      };
      return list.keys.find((k) => k.id === id)?.last_used_at;
    };
    expect(await lastUsed()).toBeNull();
    expect((await renderWith(key)).statusCode).toBe(200);
    await expect.poll(lastUsed).toEqual(expect.any(String));
    const first = await lastUsed();
    expect((await renderWith(key)).statusCode).toBe(200);
    expect(await lastUsed()).toBe(first);
  });

  it('refuses member keys on admin routes', async () => {
    const member = (await createKey(auth, { name: 'm' })).json() as { key: string };
    const res = await t.app.inject({ url: '/v1/keys', headers: bearer(member.key) });
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('FORBIDDEN');
  });

  it('lets install admins create accounts, whose admins cannot reach other accounts', async () => {
    const other = (
      await createKey(auth, { name: 'owner', role: 'admin', new_account_name: 'Acme' })
    ).json() as {
      key: string;
      account_id: string;
    };
    expect(other.account_id).toMatch(/^acc_/);
    const list = (await t.app.inject({ url: '/v1/keys', headers: bearer(other.key) })).json() as {
      keys: { account_id: string }[];
    };
    expect(list.keys.every((k) => k.account_id === other.account_id)).toBe(true);
    const escalate = await createKey(bearer(other.key), { name: 'x', new_account_name: 'Evil' });
    expect(escalate.statusCode).toBe(403);
    const cross = await createKey(bearer(other.key), { name: 'x', account_id: 'acc_install' });
    expect(cross.statusCode).toBe(403);
  });

  it('validates the body', async () => {
    const res = await createKey(auth, { name: '', role: 'owner' });
    expect(res.statusCode).toBe(400);
    const message = (res.json() as { error: { message: string } }).error.message;
    expect(message).toContain('body.name must be at least 1 characters long');
    expect(message).toContain('body.role must be one of "admin", "member"; received: "owner"');
    const missing = await createKey(auth, { name: 'x', account_id: 'acc_nope' });
    expect(missing.statusCode).toBe(404);
  });
});
