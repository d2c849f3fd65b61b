// Process helpers for the bench: peak RSS from /proc, a free loopback port, and running one
// scenario file in its own Node process so its peak RSS and garbage are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Peak resident set size (VmHWM) of a Linux process in MB; NaN if it cannot be read. */
export function peakRssMb(pid: number | 'self' = 'self'): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size now (VmRSS) of a Linux process in MB; NaN if it cannot be read. */
export function currentRssMb(pid: number | 'self' = 'self'): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The child currently running, so an interrupted bench can end it. */
let current: ChildProcess | undefined;

export function killCurrentScenario(): void {
  current?.kill('SIGTERM');
}

/**
 * Runs `node --import tsx <file>` and resolves with the last JSON line it prints on stdout.
 * Its stderr passes through; a non-zero exit or no JSON line rejects.
 */
export function runScenario<T>(file: string, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    current = child;
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      const line = out
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (code !== 0 || !line) {
        reject(new Error(`${file} failed (exit ${code ?? signal}): ${out.trim().slice(-500)}`));
        return;
      }
      resolve(JSON.parse(line) as T);
    });
  });
}
