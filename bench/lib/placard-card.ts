// One Placard bench path in-process: a card drawn through the pipeline exactly as the server
// calls it, minus HTTP, for an account (so its uploaded fonts and Tailwind theme apply).
// cacheTtl 0 bypasses the render cache, so every render is drawn: the cache-miss cost.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { createRenderRequest } from '../../src/core/render-request.ts';
import { createServices, type Services } from '../../src/services.ts';
import { card } from './card.ts';
import type { BenchTarget } from './measure.ts';

export interface CardSetup {
  /** The template's HTML (Handlebars, bound with the standard card's variables). */
  html: string;
  /** Runs once on the services and an account before timing (uploads, themes). */
  prepare?(services: Services, accountId: string): Promise<void>;
}

export async function placardCard(setup: CardSetup): Promise<BenchTarget> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'placard-bench-'));
  const config = loadConfig({}, { dataDir });
  const services = await createServices(config, { database: true });
  const account = await services.db!.accounts.create({ name: 'bench' });
  await setup.prepare?.(services, account.id);
  return {
    async render() {
      const request = createRenderRequest(
        {
          template: { kind: 'html', source: setup.html },
          variables: card.variables,
          width: card.width,
          height: card.height,
          format: 'png',
          cacheTtl: 0,
        },
        config,
      );
      const result = await services.pipeline.render({ ...request, accountId: account.id });
      if (result.cache !== 'BYPASS') throw new Error(`expected a drawn render, got cache ${result.cache}`);
      if (result.fontFallbacks.length > 0)
        throw new Error(`fonts fell back: ${result.fontFallbacks.join(', ')}`);
      return { data: result.data, steps: result.timings };
    },
    async close() {
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
