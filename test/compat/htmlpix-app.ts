// Runs the HTMLPix dialect for tests the way the app mounts it: a real Placard test app (its
// services, the native API for setting up other accounts) plus a fresh Fastify with only the
// dialect under /compat/htmlpix, listening on a real port.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.ts';
import type { Admission } from '../../src/http/admission.ts';
import { htmlpixDialect } from '../../src/http/compat/htmlpix/index.ts';
import { compileValidator } from '../../src/http/validation.ts';
import { auth, createTestApp, TEST_KEY, type TestApp } from '../helpers/app.ts';

export const PREFIX = '/compat/htmlpix';
export const bearer = { authorization: `Bearer ${TEST_KEY}` };

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  json: T;
}

export interface HtmlpixServer {
  t: TestApp;
  dialect: FastifyInstance;
  /** `http://127.0.0.1:<port>/compat/htmlpix` */
  base: string;
  /** JSON request with the test key unless `headers` says otherwise. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply<T>>;
  /** A key of a second account. */
  otherKey(): Promise<string>;
  close(): Promise<void>;
}

/** `admission` replaces the services' (plans from config) when a test fakes metering. */
export async function startHtmlpix(
  overrides: Partial<Config> = {},
  admission?: Admission,
): Promise<HtmlpixServer> {
  const t = await createTestApp(overrides);
  // HTMLPIX_TEST_LOG=1 shows the dialect's error log (a 500's cause) while debugging a test.
  const logger = process.env.HTMLPIX_TEST_LOG ? { level: 'error' } : false;
  const dialect = Fastify({ bodyLimit: t.config.bodyLimitBytes, logger });
  dialect.setValidatorCompiler(compileValidator);
  await dialect.register(htmlpixDialect({ ...t.services, ...(admission && { admission }) }), {
    prefix: PREFIX,
  });
  await dialect.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(dialect.server.address() as AddressInfo).port}${PREFIX}`;
  let other: string | undefined;
  return {
    t,
    dialect,
    base,
    async call(method, path, body, headers = bearer) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : {}) as never };
    },
    async otherKey() {
      if (other) return other;
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/keys',
        headers: auth,
        payload: { name: 'other', role: 'admin', new_account_name: 'Other' },
      });
      other = (created.json() as { key: string }).key;
      return other;
    },
    async close() {
      await dialect.close();
      await t.close();
    },
  };
}

/** A small JSX template in the doc's own style. */
export const launchCode = (
  title = 'Launch Day',
) => `export default function Template({ title = ${JSON.stringify(title)} }) {
  return <div style={{ display: "flex", width: "100%", height: "100%", background: "#111827", color: "#fff", fontSize: 64 }}>{title}</div>;
}

export const options = { width: 1200, height: 630, format: "webp" };`;

export interface TemplateBody {
  _id: string;
  name: string;
  description: string;
  code?: string;
  variables: { name: string; defaultValue: unknown }[];
  width: number;
  height: number;
  format: string;
  devicePixelRatio: number;
  signedPreviewUrl: string;
  isPublic: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

/** Creates a template through the dialect and returns its id. */
export async function createTemplate(
  s: HtmlpixServer,
  code = launchCode(),
  name = 'Launch Card',
): Promise<string> {
  const res = await s.call<{ templateId: string }>('POST', '/v1/templates', { name, code });
  if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.json)}`);
  return res.json.templateId;
}
