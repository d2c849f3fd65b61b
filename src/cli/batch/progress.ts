// Progress of `placard batch` on stderr: a cli-progress bar with rate and ETA on a terminal,
// and plain lines (every tenth of the run, plus each failure) when stderr is a file or pipe,
// so a CI log stays readable.
import { SingleBar } from 'cli-progress';

export interface Progress {
  tick(failed: boolean): void;
  fail(line: string): void;
  stop(): void;
}

export function createProgress(total: number): Progress {
  const started = Date.now();
  let done = 0;
  let failures = 0;
  const rate = () => done / Math.max((Date.now() - started) / 1000, 0.001);
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      stream: process.stderr,
      format:
        'placard batch {bar} {value}/{total} | {rate} images/s | ETA {eta_formatted} | {failures} failed',
      etaBuffer: 50,
      hideCursor: true,
    });
    bar.start(total, 0, { rate: '0.0', failures: 0 });
    return {
      tick(failed) {
        done += 1;
        if (failed) failures += 1;
        bar.update(done, { rate: rate().toFixed(1), failures });
      },
      fail(line) {
        bar.stop();
        console.error(line);
        bar.start(total, done, { rate: rate().toFixed(1), failures });
      },
      stop: () => bar.stop(),
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    tick(failed) {
      done += 1;
      if (failed) failures += 1;
      if (done % step === 0 || done === total) {
        console.error(`placard: batch ${done}/${total} (${rate().toFixed(1)} images/s, ${failures} failed)`);
      }
    },
    fail: (line) => console.error(line),
    stop: () => undefined,
  };
}
