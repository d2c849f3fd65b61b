// The event-loop monitor behind load shedding, on the real event loop: held up by busy-waiting,
// once (what booting or a first render does) and again and again (what overload does).
import { afterEach, expect, it } from 'vitest';
import { createLoopMonitor, RECENT, SHEDDING_SAMPLE_MS, type LoopMonitor } from './load-shedding.ts';

let monitor: LoopMonitor | undefined;
afterEach(() => monitor?.stop());

function holdLoop(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}
/** Lets due timers (the monitor's sample) run. */
const yieldToTimers = () => new Promise((resolve) => setTimeout(resolve, 1));
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('does not call one long block overload: booting or a first render is not a flood', async () => {
  monitor = createLoopMonitor(100);
  await idle(SHEDDING_SAMPLE_MS);
  holdLoop(SHEDDING_SAMPLE_MS * 4);
  await yieldToTimers();
  expect(monitor.delayMs).toBeGreaterThan(100); // the block was seen...
  expect(monitor.overloaded).toBe(false); // ...and is not overload on its own
  await idle(SHEDDING_SAMPLE_MS * 2);
  expect(monitor.overloaded).toBe(false);
});

it('calls a delay that lasts sample after sample overload, and stops once the loop is free', async () => {
  monitor = createLoopMonitor(100);
  const seen: boolean[] = [];
  for (let sample = 0; sample < 6 && !monitor.overloaded; sample++) {
    holdLoop(SHEDDING_SAMPLE_MS + 150);
    await yieldToTimers();
    seen.push(monitor.overloaded);
  }
  expect(monitor.overloaded).toBe(true);
  expect(seen[0]).toBe(false); // never on the first late sample
  await idle(SHEDDING_SAMPLE_MS * (RECENT + 1));
  expect(monitor.overloaded).toBe(false);
});

it('calls a loop that is late every other sample overload: a long iteration, a short one, a long one', async () => {
  monitor = createLoopMonitor(100);
  await idle(SHEDDING_SAMPLE_MS);
  holdLoop(SHEDDING_SAMPLE_MS + 150);
  await yieldToTimers();
  expect(monitor.overloaded).toBe(false);
  await idle(SHEDDING_SAMPLE_MS);
  holdLoop(SHEDDING_SAMPLE_MS + 150);
  await yieldToTimers();
  expect(monitor.overloaded).toBe(true);
  expect(monitor.delayMs).toBeGreaterThan(100);
});
