// A real app listening on 127.0.0.1 (not inject: the socket, Node's stream handling and
// Fastify's reply path are all in play) with its pino log captured, and a client that gives up
// after a few seconds, so a request nobody answers fails its own test as "no answer" instead
// of hanging the suite.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Config } from '../../src/config.ts';
import { createTestApp, TEST_KEY, type TestApp } from './app.ts';

/** How long a request may go unanswered before the test calls it a hang. */
export const ANSWER_WITHIN_MS = 5000;

export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): Record<string, unknown>;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as is: a string is a raw body (malformed JSON stays malformed), an object is JSON. */
  body?: string | Buffer | object;
  timeoutMs?: number;
  /** Send the body chunked, with no content-length: the server learns its size only by reading. */
  chunked?: boolean;
}

export interface SocketApp extends TestApp {
  url: string;
  logs: LogLine[];
  send(path: string, options?: SendOptions): Promise<Answer>;
}

export const keyHeaders = { authorization: `Bearer ${TEST_KEY}` };

/** pino writes one JSON line per record; keep them parsed, in order. */
function logCapture(into: LogLine[]): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) into.push(JSON.parse(line) as LogLine);
      done();
    },
  });
}

export async function startSocketApp(overrides: Partial<Config> = {}): Promise<SocketApp> {
  const logs: LogLine[] = [];
  const t = await createTestApp(overrides, { logger: { level: 'info', stream: logCapture(logs) } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { ...t, url, logs, send: (path, options) => send(url, path, options) };
}

/**
 * One request over a fresh connection. Resolves with the answer, or rejects with "no answer"
 * when none came within the timeout (or the connection failed before one came).
 */
export function send(base: string, path: string, options: SendOptions = {}): Promise<Answer> {
  const { method = options.body === undefined ? 'GET' : 'POST', timeoutMs = ANSWER_WITHIN_MS } = options;
  const headers: Record<string, string> = { ...options.headers };
  let payload: Buffer | undefined;
  if (options.body !== undefined) {
    const isRaw = typeof options.body === 'string' || Buffer.isBuffer(options.body);
    payload = isRaw
      ? Buffer.from(options.body as string | Buffer)
      : Buffer.from(JSON.stringify(options.body));
    headers['content-type'] ??= 'application/json';
    if (!options.chunked) headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, { method, headers, agent: false });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer to ${method} ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks);
        const text = body.toString();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body,
          text,
          json: () => JSON.parse(text),
        });
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`${method} ${path}: the answer broke off: ${error.message}`));
      });
    });
    // A server may answer (413, 401) before it has read a large body and then close: the
    // answer is what counts, so a write error after it is not a failure.
    request.on('error', (error) => {
      if (answered) return;
      clearTimeout(timer);
      reject(new Error(`no answer to ${method} ${path}: ${error.message}`));
    });
    if (options.chunked && payload) {
      // Several writes, so the server sees the body arrive in pieces.
      for (let at = 0; at < payload.length; at += 4096) request.write(payload.subarray(at, at + 4096));
      request.end();
    } else request.end(payload);
  });
}

/** Log lines at error level or above (pino: 50 error, 60 fatal). */
export const errorLines = (logs: LogLine[]) => logs.filter((line) => line.level >= 50);
