// Bench path "placard": Placard's own pipeline in-process (resolve, bind, prepare, assets, draw,
// encode), exactly as the server and CLI call it, minus HTTP. cacheTtl 0 bypasses the render
// cache, so every render is drawn: this is the cache-miss cost DESIGN.md's targets are about.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createRenderRequest } from '../src/core/render-request.ts';
import { createServices } from '../src/services.ts';
import { card } from './lib/card.ts';
import { measure } from './lib/measure.ts';

await measure('placard', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'placard-bench-'));
  const config = loadConfig({}, { dataDir });
  const services = await createServices(config);
  return {
    async render() {
      const request = createRenderRequest(
        {
          template: { kind: 'html', source: card.html },
          variables: card.variables,
          width: card.width,
          height: card.height,
          format: 'png',
          cacheTtl: 0,
        },
        config,
      );
      const result = await services.pipeline.render(request);
      if (result.cache !== 'BYPASS') throw new Error(`expected a drawn render, got cache ${result.cache}`);
      return { data: result.data, steps: result.timings };
    },
    async close() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
