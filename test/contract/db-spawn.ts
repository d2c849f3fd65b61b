// Runs db-worker.ts in child processes and releases them together once all are ready.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { WorkerJob, WorkerReport } from './db-worker.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerFile = path.join(here, 'db-worker.ts');
const projectRoot = path.resolve(here, '../..');
const WORKER_TIMEOUT_MS = 60_000;

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<Extract<WorkerReport, { step: 'done' }>>;
}

function startWorker(job: WorkerJob): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', workerFile, JSON.stringify(job)], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reports: WorkerReport[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as WorkerReport;
    reports.push(message);
    if (message.step === 'ready') markReady();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
  const done = new Promise<Extract<WorkerReport, { step: 'done' }>>((resolve, reject) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = reports.find((r) => r.step === 'done');
      if (code === 0 && last?.step === 'done') resolve(last);
      else reject(new Error(`db worker exited with ${signal ?? code}: ${stderr.trim() || '(no stderr)'}`));
    });
  });
  // A worker that dies before "ready" must fail the test, not hang it.
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

export async function runWorkers(jobs: WorkerJob[]): Promise<Extract<WorkerReport, { step: 'done' }>[]> {
  const workers = jobs.map(startWorker);
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (error) {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.allSettled(workers.map((w) => w.done));
    throw error;
  }
  for (const w of workers) w.child.stdin?.end('go\n');
  return Promise.all(workers.map((w) => w.done));
}
