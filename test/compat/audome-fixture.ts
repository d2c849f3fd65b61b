// A real Placard app (native routes, /r/ stored renders, real metering from config) with the
// Audome and RasterKit dialects mounted as the app mounts them, listening on a real socket;
// accounts on test plans, templates made through the native API, and a server whose pipeline
// fails on cue.
import type { AddressInfo } from 'node:net';
import type { Config } from '../../src/config.ts';
import type { Admission } from '../../src/http/admission.ts';
import { audomeDialect } from '../../src/http/compat/audome/index.ts';
import { rasterkitDialect } from '../../src/http/compat/rasterkit/index.ts';
import type { ServerServices } from '../../src/services.ts';
import { createTestApp, TEST_KEY, type TestApp } from '../helpers/app.ts';

export { TEST_KEY };

export interface DialectServer extends TestApp {
  base: string;
  audome: string;
  rasterkit: string;
}

export async function startDialects(
  options: {
    config?: Partial<Config>;
    workers?: boolean;
    /** Swaps parts of the services the dialects see (a failing pipeline, say). */
    services?: (services: ServerServices) => ServerServices;
    /** Instead of the services' own (real metering from config). */
    admission?: Admission;
  } = {},
): Promise<DialectServer> {
  const t = await createTestApp({ ...options.config }, { workers: options.workers });
  const services = options.services ? options.services(t.services) : t.services;
  const deps = { ...services, ...(options.admission && { admission: options.admission }) };
  // Where the app does not mount them (yet), the dialects go where it will; else beside its own.
  const free = (prefix: string, probe: string) =>
    !t.app.hasRoute({ method: 'POST', url: `${prefix}${probe}` });
  const audome = free('/compat/audome', '/api/render/generate') ? '/compat/audome' : '/compat-test/audome';
  const rasterkit = free('/compat/rasterkit', '/v1/image') ? '/compat/rasterkit' : '/compat-test/rasterkit';
  await t.app.register(audomeDialect(deps), { prefix: audome });
  await t.app.register(rasterkitDialect(deps), { prefix: rasterkit });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  return { ...t, base, audome: `${base}${audome}`, rasterkit: `${base}${rasterkit}` };
}

/** A new account with its own key, made through the native API; on `plan` when given. */
export async function newAccount(
  s: DialectServer,
  plan?: string,
): Promise<{ key: string; accountId: string }> {
  const res = await fetch(`${s.base}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'other', role: 'admin', new_account_name: 'other' }),
  });
  if (res.status !== 201) throw new Error(`creating a key answered ${res.status}: ${await res.text()}`);
  const created = (await res.json()) as { key: string; account_id: string };
  if (plan) await s.services.metering!.setPlan(created.account_id, plan);
  return { key: created.key, accountId: created.account_id };
}

/** Plans for metering tests (PLACARD_PLANS); accounts are put on one with newAccount(). */
export const testPlans = {
  plans: JSON.stringify({
    credits: { monthly_quota: null, per_minute: null, credits: true, features: 'all' },
    quota: { monthly_quota: 1, per_minute: null, credits: false, features: 'all' },
    pngOnly: { monthly_quota: null, per_minute: null, credits: false, features: ['png'] },
    tight: { monthly_quota: null, per_minute: 2, credits: false, features: 'all' },
  }),
};

/** Creates a template through the native API; answers its id. */
export async function nativeTemplate(s: DialectServer, body: Record<string, unknown>, key = TEST_KEY) {
  const res = await fetch(`${s.base}/v1/templates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`creating a template answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** An elements project like an Audome one: a title, a subtitle and a hero image. */
export const audomeProject = {
  width: 400,
  height: 200,
  background: '#0b0d12',
  elements: [
    {
      type: 'text',
      dynamicKey: 'title',
      placeholder: 'Headline',
      text: 'Default title',
      x: 20,
      y: 20,
      width: 360,
      color: '#ffffff',
    },
    {
      type: 'text',
      dynamicKey: 'subtitle',
      text: 'Default subtitle',
      x: 20,
      y: 80,
      width: 360,
      color: '#9aa1b5',
    },
    { type: 'image', dynamicKey: 'hero', src: '', x: 300, y: 120, width: 60, height: 60 },
  ],
};

/** The same app, but its pipeline throws whatever `fail` last set (a crash, a full queue). */
export async function startFailingDialects(): Promise<{ server: DialectServer; fail(error: Error): void }> {
  let failure = new Error('engine crashed');
  const server = await startDialects({
    services: (services) => ({
      ...services,
      pipeline: {
        ...services.pipeline,
        render: async () => {
          throw failure;
        },
      },
    }),
  });
  return { server, fail: (error) => (failure = error) };
}

/** A JSX template that throws whenever it renders. */
export const throwingJsx = {
  name: 'Throws',
  kind: 'jsx',
  source:
    'export default function Card({ title = "x" }) {\n  if (title) throw new Error("cannot draw " + title);\n  return <div />;\n}',
};
