// Runs the fidelity cases: each is drawn by the Chromium engine (the reference) and by the native
// engine, the difference is measured, and auto's check says whether it would send the case to
// Chromium. A case is "far" when native differs from the reference by more than FAR_THRESHOLD.
import { mkdirSync } from 'node:fs';
import type { Engine, EngineRenderOptions } from '../src/engines/types.ts';
import { needsChromium } from '../src/engines/auto.ts';
import { adaptForNative } from '../src/engines/native/adapt/index.ts';
import { fidelityAssets } from './assets.ts';
import { caseNames, loadCase, type FidelityCase } from './cases.ts';
import { difference, toRgba, writePng } from './compare.ts';

/**
 * Mean Δ (0..255 per channel, see compare.ts) above which native counts as far off. Chosen from
 * the data: the close cases measure 0.0 to ~2.7 (text rasterization, a 1-3 px shift of an inline
 * SVG), the far ones 5.5 and up (a missing drop cap, counters, columns), so 4 sits in the gap.
 * The share of differing pixels does not separate them: a few px shift of a big chart changes
 * as many pixels (~2%) as a missing drop cap.
 */
export const FAR_THRESHOLD = 4;

export interface CaseResult {
  name: string;
  about: string;
  /** Native's mean Δ from the reference, 0..255 (what `far` is decided on). */
  meanDelta: number;
  /** Native's differing pixels / all pixels, 0..1. */
  differing: number;
  far: boolean;
  /** auto's choice. */
  chromium: boolean;
  reasons: string[];
  ms: { chromium: number; native: number };
}

export interface SuiteEngines {
  chromium: Engine;
  native: Engine;
}

export async function runSuite(
  engines: SuiteEngines,
  options: { outputDir?: string; only?: readonly string[] } = {},
): Promise<CaseResult[]> {
  const assets = await fidelityAssets();
  if (options.outputDir) mkdirSync(options.outputDir, { recursive: true });
  const results: CaseResult[] = [];
  for (const name of options.only ?? caseNames()) {
    results.push(await runCase(loadCase(name, assets), engines, assets.remote, options.outputDir));
  }
  return results;
}

async function runCase(
  fidelityCase: FidelityCase,
  engines: SuiteEngines,
  remote: ReadonlyMap<string, Uint8Array>,
  outputDir: string | undefined,
): Promise<CaseResult> {
  // Native draws the template as the pipeline's adapt step rewrites it; Chromium the original.
  const viewport = { width: fidelityCase.width, height: fidelityCase.height };
  const adapted = adaptForNative({ html: fidelityCase.html }, viewport).document;
  const draw = async (engine: Engine): Promise<{ image: Awaited<ReturnType<typeof toRgba>>; ms: number }> => {
    const started = performance.now();
    const prepared = engine.prepare(engine === engines.native ? adapted : { html: fidelityCase.html });
    const assets = new Map([...remote].filter(([url]) => prepared.assetUrls.includes(url)));
    const options: EngineRenderOptions = {
      width: fidelityCase.width,
      height: fidelityCase.height,
      scale: fidelityCase.scale,
      format: 'raw',
      quality: undefined,
      background: fidelityCase.background,
      assets,
      signal: AbortSignal.timeout(30_000),
    };
    const image = await toRgba(await engine.render(prepared, options));
    return { image, ms: performance.now() - started };
  };
  const reference = await draw(engines.chromium);
  const native = await draw(engines.native);
  const { meanDelta, differing, diff } = difference(reference.image, native.image);
  if (outputDir) {
    await Promise.all([
      writePng(reference.image, `${outputDir}/${fidelityCase.name}.chromium.png`),
      writePng(native.image, `${outputDir}/${fidelityCase.name}.native.png`),
      writePng(diff, `${outputDir}/${fidelityCase.name}.diff.png`),
    ]);
  }
  const check = needsChromium(adapted.html);
  return {
    name: fidelityCase.name,
    about: fidelityCase.about,
    meanDelta,
    differing,
    far: meanDelta > FAR_THRESHOLD,
    chromium: check.needed,
    reasons: [...check.reasons],
    ms: { chromium: reference.ms, native: native.ms },
  };
}
