// The real server (`node bin/placard.js serve`) as a child process on a free loopback port with
// a throwaway data folder, for the HTTP bench and the soak. Its output is kept (last 4000
// characters), not printed: it is shown only when a run fails. stop() is safe to call twice.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './proc.ts';

export interface BenchServer {
  base: string;
  pid: number;
  /** The server's last 4000 characters of output. */
  log(): string;
  waitForHealth(timeoutMs?: number): Promise<void>;
  stop(): void;
}

export const BENCH_KEY = 'bench-key';

/** Starts the server with `env` on top of a bench key, loopback host and warn-level logs. */
export async function startServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'placard-bench-'));
  const bin = new URL('../../bin/placard.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: {
      ...process.env,
      PLACARD_PORT: String(port),
      PLACARD_HOST: '127.0.0.1',
      PLACARD_API_KEYS: BENCH_KEY,
      PLACARD_DATA_DIR: dataDir,
      PLACARD_LOG_LEVEL: 'warn',
      // The unlimited plan: benches measure rendering, and thousands of requests a second from
      // one key would run into the default plan's 6000 requests a minute.
      PLACARD_DEFAULT_PLAN: 'unlimited',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: string) => (output = (output + chunk).slice(-4000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  const base = `http://127.0.0.1:${port}`;

  async function waitForHealth(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before /healthz`);
      const ok = await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server did not answer /healthz within ${timeoutMs} ms`);
  }

  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  // Also when the bench dies of an uncaught error (a closed stdout pipe, say): no orphan server.
  process.once('exit', stop);
  return { base, pid: child.pid ?? 0, log: () => output, waitForHealth, stop };
}
