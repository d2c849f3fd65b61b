// Worker-thread entry (started by worker-pool.ts): runs sandbox scripts one at a time and
// answers twice per job, with the result as soon as it is known and 'ready' once the
// runtime is freed, so the host never waits on cleanup to answer a render.
import { parentPort } from 'node:worker_threads';
import { createScriptRunner, type ScriptOutcome } from './quickjs.ts';
import type { JsxSandboxLimits } from './types.ts';

export interface WorkerJob {
  script: string;
  limits: JsxSandboxLimits;
}

export type WorkerMessage = { type: 'ready' } | { type: 'result'; outcome: ScriptOutcome };

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread (see worker-pool.ts).');

const runner = createScriptRunner();
await runner.warm();

port.on('message', (job: WorkerJob) => {
  const publish = (outcome: ScriptOutcome) =>
    port.postMessage({ type: 'result', outcome } satisfies WorkerMessage);
  runner
    .run(job.script, job.limits, undefined, publish)
    .catch((error: unknown) =>
      publish({ ok: false, reason: 'crashed', name: 'Error', message: String(error) }),
    )
    .finally(() => port.postMessage({ type: 'ready' } satisfies WorkerMessage));
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
