// Each preset drawn by the native engine and compared with its committed reference image
// (test/reference/presets/). After a deliberate design change: UPDATE_REFERENCES=1, then look.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffWithReference } from '../../../test/helpers/image.ts';
import { createNativeEngine } from '../../engines/native/engine.ts';
import { renderOptions } from '../../../test/helpers/engine.ts';
import type { Engine } from '../../engines/types.ts';
import { presets } from './index.ts';

const card = {
  title: 'Server-Side Text Layout Without a Browser',
  description: 'Pure JS text measurement replaces Puppeteer: fast renders and zero browser dependencies.',
  author: 'Pretext Engine',
  tag: 'Open Source',
};

/** A flat two-tone "photo", so the reference does not depend on an image decoder's rounding. */
async function photo(): Promise<string> {
  const top = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#6b8fb5' } })
    .png()
    .toBuffer();
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2f3d33' } })
    .composite([{ input: top, left: 0, top: 0 }])
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

let engine: Engine;
beforeAll(async () => {
  engine = await createNativeEngine();
  // diffWithReference writes into these folders but only creates their parents.
  for (const dir of ['../../../test/reference/presets', '../../../test/output/presets']) {
    fs.mkdirSync(path.resolve(import.meta.dirname, dir), { recursive: true });
  }
});
afterAll(() => engine.close());

async function draw(
  name: string,
  vars: Record<string, unknown>,
  width: number,
  height: number,
): Promise<Buffer> {
  const document = presets[name]!.compile(vars, { width, height });
  const output = await engine.render(engine.prepare(document), renderOptions({ width, height }));
  return output.data;
}

describe('presets drawn by the native engine', () => {
  it.each(Object.keys(presets))('%s matches its reference at 1200x630', async (name) => {
    expect(await diffWithReference(`presets/${name}-og`, await draw(name, card, 1200, 630))).toBeLessThan(
      0.005,
    );
  });

  it('social-card matches its reference at 1080x1080 in Playfair Display on ember', async () => {
    const vars = {
      ...card,
      font: 'Playfair Display',
      gradient: 'ember',
      accent: '#ff7a45',
      layout: 'center',
    };
    expect(
      await diffWithReference('presets/social-card-square', await draw('social-card', vars, 1080, 1080)),
    ).toBeLessThan(0.005);
  });

  it('blog-hero matches its reference at 1080x1920 over a background image', async () => {
    const vars = { ...card, backgroundImage: await photo(), gradient: 'deep-sea', layout: 'bottom' };
    expect(
      await diffWithReference('presets/blog-hero-story', await draw('blog-hero', vars, 1080, 1920)),
    ).toBeLessThan(0.005);
  });
});
