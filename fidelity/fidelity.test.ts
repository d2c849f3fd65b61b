import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChromiumEngine } from '../src/engines/chromium/index.ts';
import { createNativeEngine } from '../src/engines/native/index.ts';
import type { Engine } from '../src/engines/types.ts';
import { caseNames } from './cases.ts';
import { FAR_THRESHOLD, runSuite, type CaseResult } from './suite.ts';

const chromium = createChromiumEngine();
if (!chromium.available) {
  console.warn(
    'fidelity suite skipped: no Chromium (apt-get install chromium, or set PLACARD_CHROMIUM_PATH)',
  );
}

describe.skipIf(!chromium.available)('fidelity: native engine against Chromium', () => {
  let native: Engine;
  let results: CaseResult[];

  beforeAll(async () => {
    native = await createNativeEngine();
    results = await runSuite({ chromium, native });
    for (const r of results) {
      const verdict = `${r.far ? 'far' : 'close'} → ${r.chromium ? 'chromium' : 'native'}`;
      console.info(
        `${r.name.padEnd(20)} mean Δ ${r.meanDelta.toFixed(2).padStart(6)}  ${verdict} ${r.reasons.join('; ')}`,
      );
    }
  }, 120_000);
  afterAll(async () => {
    await chromium.close();
    await native?.close();
  });

  it('has at least 20 cases and draws every one with both engines', () => {
    expect(caseNames().length).toBeGreaterThanOrEqual(20);
    expect(results.map((r) => r.name)).toEqual(caseNames());
    for (const r of results) expect(Number.isFinite(r.meanDelta)).toBe(true);
  });

  it(`sends to Chromium exactly the cases native draws far off (mean Δ above ${FAR_THRESHOLD})`, () => {
    const far = results.filter((r) => r.far).map((r) => r.name);
    const flagged = results.filter((r) => r.chromium).map((r) => r.name);
    expect(far.length).toBeGreaterThan(0);
    expect(flagged).toEqual(far);
  });

  it('keeps the close cases on the native engine, with no reason given', () => {
    for (const r of results.filter((result) => !result.far))
      expect({ [r.name]: r.reasons }).toEqual({ [r.name]: [] });
  });
});
