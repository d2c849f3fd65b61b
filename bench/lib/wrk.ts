// wrk (apt-get install wrk) as the HTTP load generator when it is installed. autocannon runs in
// Node and parses every reply in JavaScript: against 76 KB cache hits it tops out near 500
// replies/s on this machine while wrk drives the same server past 2,000 (measured side by side),
// so with autocannon the bench would measure the client. One wrk thread leaves the other core
// to the server. The Lua script sends the request, and in the 304 phase counts the statuses.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface WrkResult {
  requestsPerSec: number;
  requests: number;
  /** Replies that were neither 2xx nor 3xx. */
  non2xx3xx: number;
  /** Socket errors: connect, read, write, timeout. */
  errors: number;
  p50Ms: number;
  p95Ms: number;
  /** Replies with status 304 (only counted when `count304` was asked for). */
  notModified?: number;
}

export interface WrkLoad {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Counts 304 replies (a Lua call per reply: use it only where replies are small). */
  count304?: boolean;
}

let found: boolean | undefined;

/** Whether `wrk` can be run here. */
export function hasWrk(): boolean {
  if (found === undefined) {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' });
      found = true;
    } catch (error) {
      // wrk --version exits 1 after printing its version; only a missing binary is "no wrk".
      found = (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  }
  return found;
}

function script(load: WrkLoad): string {
  const lines = [
    `wrk.method = ${JSON.stringify(load.method)}`,
    ...(load.body === undefined ? [] : [`wrk.body = ${luaString(load.body)}`]),
    ...Object.entries(load.headers).map(([k, v]) => `wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`),
    'local threads = {}',
    'function setup(thread) table.insert(threads, thread) end',
    'function init() n304 = 0 end',
  ];
  if (load.count304) lines.push('function response(status) if status == 304 then n304 = n304 + 1 end end');
  lines.push(
    'function done(summary, latency)',
    '  local total = 0',
    '  for _, t in ipairs(threads) do total = total + t:get("n304") end',
    '  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests,',
    '    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,',
    '    latency:percentile(50), latency:percentile(95), total))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

/** A Lua long string that cannot be closed by its content. */
function luaString(text: string): string {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return `[${level}[${text}]${level}]`;
}

export async function runWrk(load: WrkLoad): Promise<WrkResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'placard-wrk-'));
  const file = path.join(dir, 'load.lua');
  writeFileSync(file, script(load));
  try {
    const args = ['-t1', `-c${load.connections}`, `-d${load.durationS}s`, '-s', file, load.url];
    const out = await new Promise<string>((resolve, reject) =>
      execFile('wrk', args, { timeout: (load.durationS + 30) * 1000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      ),
    );
    const seconds = /requests in ([\d.]+)(ms|s|m)/.exec(out);
    const result = /RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
    if (!seconds?.[1] || !result) throw new Error(`wrk printed no result: ${out.slice(-500)}`);
    const unit = seconds[2] === 'ms' ? 0.001 : seconds[2] === 'm' ? 60 : 1;
    const [, requests, non2xx3xx, errors, p50, p95, n304] = result.map(Number);
    return {
      requestsPerSec: (requests ?? 0) / (Number(seconds[1]) * unit),
      requests: requests ?? 0,
      non2xx3xx: non2xx3xx ?? 0,
      errors: errors ?? 0,
      p50Ms: (p50 ?? 0) / 1000,
      p95Ms: (p95 ?? 0) / 1000,
      ...(load.count304 && { notModified: n304 }),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
