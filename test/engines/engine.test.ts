// Every engine runs the same contract: native (Takumi) always, Chromium when it is installed
// (skipped, saying why, when it is not; CI installs it).
import { describe, it } from 'vitest';
import { createChromiumEngine } from '../../src/engines/chromium/engine.ts';
import { createNativeEngine } from '../../src/engines/native/engine.ts';
import { runEngineContract } from '../contract/engine.contract.ts';
import { chromiumPath } from '../helpers/chromium.ts';

runEngineContract('native', () => createNativeEngine());

if (chromiumPath) {
  runEngineContract('chromium', () => createChromiumEngine({ executablePath: chromiumPath }));
} else {
  describe.skip('engine contract: chromium', () => {
    it('skipped: no Chromium (apt-get install chromium, or set PLACARD_CHROMIUM_PATH)', () => {});
  });
}
