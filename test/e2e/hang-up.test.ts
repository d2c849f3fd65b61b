// A client that hangs up mid-render, over a real socket: the render waits on a slow image from
// a local asset server, the client destroys its socket once that image is requested, and the
// server must log one quiet info line (no error, no 500), stop the render where the route
// supports it, and go on answering the next request.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAssetServer, type AssetServer } from '../helpers/asset-server.ts';
import {
  ANSWER_WITHIN_MS,
  errorLines,
  keyHeaders,
  startSocketApp,
  type Answer,
  type LogLine,
  type SocketApp,
} from '../helpers/socket-app.ts';

let s: SocketApp;
let assets: AssetServer;
let slowTemplate: string;
beforeAll(async () => {
  assets = await startAssetServer();
  // Loopback is refused by default; `localhost` is allowed by name, as an operator would.
  s = await startSocketApp({ fetchAllowHosts: ['localhost'] });
  const res = await s.send('/v1/templates', {
    headers: keyHeaders,
    body: {
      name: 'slow',
      kind: 'html',
      source: `<img src="${assets.url('/slow-stored.png?ms=1500', 'localhost')}">`,
    },
  });
  expect(res.status).toBe(201);
  slowTemplate = (res.json() as { id: string }).id;
});
afterAll(async () => {
  await s.close();
  await assets.close();
});

const QUIET = 'client closed the connection before the reply';

/** Sends `body` (none: a GET), then destroys the socket as soon as the server asks for `asset`. */
async function hangUpDuring(path: string, body: object | undefined, asset: string): Promise<void> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  const request = http.request(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    agent: false,
    headers:
      body === undefined
        ? {}
        : { ...keyHeaders, 'content-type': 'application/json', 'content-length': String(payload.length) },
  });
  const settled = new Promise<string>((resolve) => {
    request.on('response', (res) => resolve(`answered ${res.statusCode} before the hang-up`));
    request.on('error', () => resolve('hung up'));
    request.on('close', () => resolve('hung up'));
  });
  request.end(payload);
  await assets.arrived(asset);
  request.destroy();
  expect(await settled).toBe('hung up');
}

/** The first log line matching `predicate`; fails as a hang when none comes within ANSWER_WITHIN_MS. */
async function logLine(predicate: (line: LogLine) => boolean): Promise<LogLine> {
  for (let waited = 0; waited < ANSWER_WITHIN_MS; waited += 20) {
    const found = s.logs.find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `no such log line within ${ANSWER_WITHIN_MS} ms; the log: ${JSON.stringify(s.logs.slice(-5))}`,
  );
}

const slowImage = (name: string) =>
  `<img src="${assets.url(`/${name}.png?ms=1500`, 'localhost')}" style="width:10px;height:10px">`;

describe('a client that hangs up mid-render', () => {
  it.each([
    ['POST /v1/render', '/v1/render', (html: string) => ({ html, width: 20, height: 20 })],
    ['RasterKit POST /v1/image', '/compat/rasterkit/v1/image', (html: string) => ({ template_html: html })],
    ['Audome POST /api/render/generate', '/compat/audome/api/render/generate', (html: string) => ({ html })],
  ])('%s: one quiet info line, the render stopped, the next request answered', async (_name, path, body) => {
    const asset = `/slow-${path.replaceAll('/', '-')}`;
    const before = s.logs.length;
    await hangUpDuring(path, body(slowImage(asset.slice(1))), `${asset}.png`);

    // The pipeline stopped on the hang-up signal (that is the reason it failed with), and the
    // error handler saw nobody to answer.
    const quiet = await logLine((line) => line.msg === QUIET && s.logs.indexOf(line) >= before);
    expect(quiet.level).toBe(30);
    expect(quiet.reason).toBe('client closed the connection');

    const next = await s.send(path, { headers: keyHeaders, body: body('<div>next</div>') });
    expect(next.status).toBe(200);
    const since = s.logs.slice(before);
    expect(errorLines(since)).toEqual([]);
    expect(
      since.filter((line) => (line.res as { statusCode?: number } | undefined)?.statusCode === 500),
    ).toEqual([]);
  });

  it('OG Engine POST /render (a custom template): quiet too, the next request answered', async () => {
    const name = 'slow-og';
    await s.send('/v1/templates', {
      headers: keyHeaders,
      body: { name, kind: 'html', source: `${slowImage(name)}{{title}}` },
    });
    const before = s.logs.length;
    const card = { format: 'og', title: 'x', template: `custom:${name}` };
    await hangUpDuring('/compat/og-engine/render', card, `/${name}.png`);
    const quiet = await logLine((line) => line.msg === QUIET && s.logs.indexOf(line) >= before);
    expect(quiet.reason).toBe('client closed the connection');
    const next = await s.send('/compat/og-engine/render', {
      headers: keyHeaders,
      body: { format: 'og', title: 'x' },
    });
    expect(next.status).toBe(200);
    expect(errorLines(s.logs.slice(before))).toEqual([]);
  });

  it('stored template by id: quiet too', async () => {
    const before = s.logs.length;
    await hangUpDuring('/v1/render', { template_id: slowTemplate }, '/slow-stored.png');
    const quiet = await logLine((line) => line.msg === QUIET && s.logs.indexOf(line) >= before);
    expect(quiet.reason).toBe('client closed the connection');
    expect(errorLines(s.logs.slice(before))).toEqual([]);
  });

  it('counts the renders stopped by a hang-up as CLIENT_CLOSED in /metrics, not as server errors', async () => {
    const metrics = (await s.send('/metrics')).text;
    const failed = metrics
      .split('\n')
      .filter((l) => l.startsWith('placard_renders_total{') && /error="[^"]/.test(l));
    expect(failed.some((l) => l.includes('error="CLIENT_CLOSED"'))).toBe(true);
    expect(failed.filter((l) => l.includes('error="INTERNAL_ERROR"'))).toEqual([]);
  });

  // These routes draw for whoever asks next (a batch is stored, a public image cached), so the
  // render goes on; the same render asked again joins it (or hits the cache it filled), and the
  // reply that then finds no one may log nothing as an error.
  it.each([
    ['POST /v1/render/batch', 'batch'],
    ['the signed GET /v1/image', 'image'],
  ])('%s: the render goes on for the next caller, no error or 500 logged', async (_name, kind) => {
    const name = `slow-${kind}`;
    const before = s.logs.length;
    let again: () => Promise<Answer>;
    if (kind === 'batch') {
      const item = { html: slowImage(name), width: 20, height: 20 };
      await hangUpDuring('/v1/render/batch', { items: [item] }, `/${name}.png`);
      again = () => s.send('/v1/render', { headers: keyHeaders, body: item });
    } else {
      const res = await s.send('/v1/templates', {
        headers: keyHeaders,
        body: { name, kind: 'html', source: slowImage(name) },
      });
      const templateId = (res.json() as { id: string }).id;
      const minted = await s.send('/v1/urls', { headers: keyHeaders, body: { template_id: templateId } });
      const url = new URL((minted.json() as { url: string }).url);
      await hangUpDuring(`${url.pathname}${url.search}`, undefined, `/${name}.png`);
      again = () => s.send(`${url.pathname}${url.search}`);
    }
    const next = await again();
    expect(next.status).toBe(200);
    expect(errorLines(s.logs.slice(before))).toEqual([]);
  });

  // A body cut off half-way (the client promised more bytes than it sent): the body parser
  // fails for a request nobody waits on, which is the same quiet line, not an error.
  const boundary = '----cut';
  it.each([
    ['a JSON body', '/v1/render', 'application/json', '{"html":"<div>'],
    ['a RasterKit JSON body', '/compat/rasterkit/v1/image', 'application/json', '{"template_html":"<div>'],
    [
      'an OG Engine multipart upload',
      '/compat/og-engine/render',
      `multipart/form-data; boundary=${boundary}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="config"\r\n\r\n{"format":"og","title":"x"}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="x.png"\r\nContent-Type: image/png\r\n\r\nabc`,
    ],
  ])('%s cut off mid-upload: one quiet info line', async (_name, path, type, start) => {
    const before = s.logs.length;
    const request = http.request(`${s.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { ...keyHeaders, 'content-type': type, 'content-length': '50000' },
    });
    request.on('error', () => undefined);
    request.write(start);
    const arrived = await logLine(
      (line) => s.logs.indexOf(line) >= before && line.msg === 'incoming request',
    );
    request.destroy();
    const quiet = await logLine((line) => line.msg === QUIET && line.reqId === arrived.reqId);
    expect(quiet.level).toBe(30);
    const next = await s.send('/v1/render', {
      headers: keyHeaders,
      body: { html: '<div>x</div>', width: 9, height: 9 },
    });
    expect(next.status).toBe(200);
    expect(errorLines(s.logs.slice(before))).toEqual([]);
  });
});
