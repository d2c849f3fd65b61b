// The log a server writes, captured from its pino stream: one line per render with what an
// operator asks about, client mistakes at info with their code, server faults at error.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

const INFO = 30;
const ERROR = 50;

let t: TestApp;
const lines: Line[] = [];
beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // Every line must parse: a log shipper reads them one by one.
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const logger = pino({ level: 'info' }, stream);
  // A Chromium that does not exist: engine "chromium" is then a fault on the server's side.
  t = await createTestApp({ chromiumPath: '/nonexistent/chromium' }, { logger });
});
afterAll(() => t.close());

const render = (payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: '/v1/render', headers: auth, payload });

describe('the server log', () => {
  it('has one line per render with engine, kind, account, format, cache outcome and time', async () => {
    const body = {
      html: '<div>{{t}}</div>',
      variables: { t: 'log me' },
      width: 40,
      height: 20,
      format: 'webp',
    };
    expect((await render(body)).statusCode).toBe(200);
    expect((await render(body)).statusCode).toBe(200);
    const renders = lines.filter((l) => l.msg === 'render');
    expect(renders).toHaveLength(2);
    expect(renders[0]).toMatchObject({
      level: INFO,
      engine: 'native',
      kind: 'html',
      account: expect.any(String) as string,
      format: 'webp',
      cache: 'MISS',
      ms: expect.any(Number) as number,
      width: 40,
      height: 20,
    });
    expect(renders[1]).toMatchObject({ cache: 'HIT', kind: 'html', stored: false });
  });

  it("names a stored template's own kind", async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/templates',
      headers: auth,
      payload: { name: 'logged', kind: 'jsx', source: 'export default () => <div>hi</div>;' },
    });
    expect(created.statusCode).toBe(201);
    lines.length = 0;
    const id = (created.json() as { id: string }).id;
    expect((await render({ template_id: id, width: 20, height: 10 })).statusCode).toBe(200);
    expect(lines.find((l) => l.msg === 'render')).toMatchObject({ kind: 'jsx', stored: true });
  });

  it('logs a client mistake at info with its code, once for the render and once for the reply', async () => {
    lines.length = 0;
    const res = await render({ html: '<div>{{title}}</div>', variables: { titel: 'x' } });
    expect(res.statusCode).toBe(400);
    const code = (res.json() as { error: { code: string } }).error.code;
    expect(lines.find((l) => l.msg === 'render refused')).toMatchObject({ level: INFO, code, status: 400 });
    expect(lines.find((l) => l.code === code && l.msg !== 'render refused')).toMatchObject({ level: INFO });
    expect(lines.filter((l) => l.level >= ERROR)).toEqual([]);
  });

  it('logs a fault on the server side at error', async () => {
    lines.length = 0;
    const res = await render({ html: '<div>x</div>', width: 20, height: 10, engine: 'chromium' });
    expect(res.statusCode).toBe(501);
    const errors = lines.filter((l) => l.level === ERROR);
    expect(errors.map((l) => l.code)).toContain('ENGINE_UNAVAILABLE');
    expect(errors.find((l) => l.msg === 'render failed')).toMatchObject({ engine: 'chromium', kind: 'html' });
  });
});
