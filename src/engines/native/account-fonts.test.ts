import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../types.ts';
import { fontSet, type FontFace } from '../../fonts/font-set.ts';
import { testFonts } from '../../../test/helpers/fonts.ts';
import { decode } from '../../../test/helpers/image.ts';
import { createNativeEngine } from './engine.ts';
import type { NativePreparedDocument } from './prepare.ts';
import { renderOptions } from '../../../test/helpers/engine.ts';

const face = (id: string, data: Buffer, weight = 400): FontFace => ({
  id,
  family: 'Brand Sans',
  weight,
  style: 'normal',
  load: async () => data,
});
const brand = fontSet([face('regular', testFonts.woff2()), face('bold', testFonts.boldWoff2(), 700)]);

describe('account fonts in the native engine', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await createNativeEngine();
  });
  afterAll(() => engine.close());

  const draw = async (html: string, fonts = brand) =>
    (await engine.render(engine.prepare({ html, fonts }), renderOptions({ width: 500, height: 100 }))).data;
  const same = async (a: Buffer, b: Buffer) => (await decode(a)).data.equals((await decode(b)).data);

  it('rewrites every family list naming the font (inline, sheets, shorthand) and nothing else', () => {
    const prepared = engine.prepare({
      html:
        '<style>.a{font: bold 40px/1.2 "Brand Sans", serif} .b{font-family: Lato, brand  sans}</style>' +
        '<div class="a">A</div><div class="b">B</div><p style="font-family: \'Brand Sans\'">C</p>' +
        '<p style="font-family: Inter">D</p>',
      fonts: brand,
    }) as NativePreparedDocument;
    const css = prepared.css.join('\n');
    expect(css).not.toMatch(/brand\s+sans/i);
    expect(css).toMatch(/font: bold 40px\/1\.2 "placard-[0-9a-f]+-[0-9a-f]{16}", serif/);
    expect(css).toMatch(/font-family: Lato, "placard-/);
    expect(JSON.stringify(prepared.node)).not.toMatch(/Brand Sans/);
    expect(JSON.stringify(prepared.node)).toContain('"fontFamily":"Inter"');
    expect(prepared.missingFonts).toEqual([]);
    expect(prepared.accountFaces.map((bound) => bound.face.id)).toEqual(['regular', 'bold']);
  });

  it('costs a document that names no account font nothing: no faces, no rewrite', () => {
    const prepared = engine.prepare({
      html: '<p style="font-family: Inter">x</p>',
      fonts: brand,
    }) as NativePreparedDocument;
    expect(prepared.accountFaces).toEqual([]);
  });

  it('draws the face whose weight the text asks for', async () => {
    const text = (family: string, weight: number) =>
      `<p style="margin:0;font-size:40px;font-weight:${weight};font-family:'${family}'">Wiggly 42</p>`;
    expect(await same(await draw(text('Brand Sans', 400)), await draw(text('JetBrains Mono', 400)))).toBe(
      true,
    );
    expect(await same(await draw(text('Brand Sans', 700)), await draw(text('JetBrains Mono', 700)))).toBe(
      true,
    );
    expect(await same(await draw(text('Brand Sans', 700)), await draw(text('Brand Sans', 400)))).toBe(false);
  });

  it('never lets another render reach a face by its private name', async () => {
    const prepared = engine.prepare({
      html: '<p style="font-family: \'Brand Sans\'">Wiggly</p>',
      fonts: brand,
    });
    await engine.render(prepared, renderOptions({ width: 500, height: 100 }));
    const privateName = (prepared as NativePreparedDocument).accountFaces[0]!.name;
    const stranger = `<p style="margin:0;font-size:40px;font-family:'${privateName}'">Wiggly 42</p>`;
    const fallback = '<p style="margin:0;font-size:40px;font-family:\'Nope\'">Wiggly 42</p>';
    expect(await same(await draw(stranger, fontSet([])), await draw(fallback, fontSet([])))).toBe(true);
  });

  it('a family whose faces change gets a new private name, so a removed face is not drawn', () => {
    const html = '<p style="font-family: \'Brand Sans\'">x</p>';
    const both = engine.prepare({ html, fonts: brand }) as NativePreparedDocument;
    const one = engine.prepare({
      html,
      fonts: fontSet([face('regular', testFonts.woff2())]),
    }) as NativePreparedDocument;
    expect(one.accountFaces[0]!.name).not.toBe(both.accountFaces[0]!.name);
  });
});
