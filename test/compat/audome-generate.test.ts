// Audome's POST /api/render/generate over a real socket: defaults, formats, the project's own
// size, data keys onto template variables, transparent backgrounds, the stored image behind
// imageUrl and the generationId that names it.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pixelAt, decode } from '../helpers/image.ts';
import {
  audomeProject,
  nativeTemplate,
  startDialects,
  TEST_KEY,
  type DialectServer,
} from './audome-fixture.ts';

type Json = Record<string, unknown>;
let s: DialectServer;
let projectId: string;

beforeAll(async () => {
  s = await startDialects();
  projectId = await nativeTemplate(s, { name: 'Sale', kind: 'elements', source: audomeProject });
});
afterAll(() => s.close());

const generate = (body: Json) =>
  fetch(`${s.audome}/api/render/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function image(json: Json): Promise<Buffer> {
  const res = await fetch(String(json.imageUrl));
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('POST /api/render/generate', () => {
  it('renders a project at its own size as png and answers the exact reply shape', async () => {
    const res = await generate({
      projectId,
      data: { 'title.text': 'Summer sale', 'subtitle.text': 'Up to 50% off' },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Json;
    expect(Object.keys(json).sort()).toEqual(
      [
        'creditsRemaining',
        'creditsUsed',
        'format',
        'generationId',
        'height',
        'imageUrl',
        'success',
        'width',
      ].sort(),
    );
    // The render cost its one credit (the doc's price), though the default plan keeps no balance.
    expect(json).toMatchObject({ success: true, width: 400, height: 200, format: 'png', creditsUsed: 1 });
    // The plan meters no credits: an integer Audome clients cannot mistake for "none left".
    expect(json.creditsRemaining).toBe(2_147_483_647);
    const png = await image(json);
    expect((await sharp(png).metadata()).format).toBe('png');
  });

  it('reports creditsUsed 1 for every drawn render and 0 for one served from the cache', async () => {
    const body = (title: string) => ({ projectId, data: { 'title.text': title } });
    const used = async (title: string) => ((await (await generate(body(title))).json()) as Json).creditsUsed;
    expect([await used('Credit one'), await used('Credit two'), await used('Credit one')]).toEqual([1, 1, 0]);
  });

  it('names the stored render: generationId gen_X is the native render rnd_X', async () => {
    const json = (await (await generate({ projectId })).json()) as Json;
    expect(json.generationId).toMatch(/^gen_[A-Za-z0-9_-]{16}$/);
    const renderId = String(json.generationId).replace(/^gen_/, 'rnd_');
    const native = await fetch(`${s.base}/v1/renders/${renderId}`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    expect(native.status).toBe(200);
    expect(((await native.json()) as Json).url).toBe(json.imageUrl);
  });

  it('takes width, height, jpeg and quality, and ignores quality for png', async () => {
    const jpeg = (await (
      await generate({ projectId, width: 300, height: 150, format: 'jpeg', quality: 40 })
    ).json()) as Json;
    expect(jpeg).toMatchObject({ width: 300, height: 150, format: 'jpeg' });
    const small = await image(jpeg);
    const best = await image(
      (await (
        await generate({ projectId, width: 300, height: 150, format: 'jpeg', quality: 100 })
      ).json()) as Json,
    );
    expect(small.length).toBeLessThan(best.length);
    const a = (await (await generate({ projectId, quality: 10 })).json()) as Json;
    const b = (await (await generate({ projectId })).json()) as Json;
    expect(Buffer.compare(await image(a), await image(b))).toBe(0);
  });

  it('defaults jpeg quality to 90', async () => {
    const implicit = await image((await (await generate({ projectId, format: 'jpeg' })).json()) as Json);
    const explicit = await image(
      (await (await generate({ projectId, format: 'jpeg', quality: 90 })).json()) as Json,
    );
    expect(Buffer.compare(implicit, explicit)).toBe(0);
  });

  it('renders webp', async () => {
    const json = (await (await generate({ projectId, format: 'webp' })).json()) as Json;
    expect(json.format).toBe('webp');
    expect((await sharp(await image(json)).metadata()).format).toBe('webp');
  });

  it('forces png with alpha for backgroundColor transparent, whatever format was asked', async () => {
    const json = (await (
      await generate({
        html: '<div style="width:20px;height:20px"></div>',
        width: 40,
        height: 40,
        format: 'jpeg',
        backgroundColor: 'transparent',
      })
    ).json()) as Json;
    expect(json.format).toBe('png');
    const pixels = await decode(await image(json));
    expect(pixelAt(pixels, 30, 30)[3]).toBe(0);
  });

  it('draws other background colours under the template', async () => {
    const json = (await (
      await generate({ html: '<div></div>', width: 40, height: 40, backgroundColor: '#ff0000' })
    ).json()) as Json;
    expect(pixelAt(await decode(await image(json)), 5, 5)).toEqual([255, 0, 0, 255]);
  });

  it('binds <key>.text data into an HTML project whose variables are plain names', async () => {
    const id = await nativeTemplate(s, {
      name: 'Colour',
      kind: 'html',
      source: '<div style="width:40px;height:40px;background:{{fill}}">{{title}}</div>',
    });
    const json = (await (
      await generate({
        projectId: id,
        width: 40,
        height: 40,
        data: { 'fill.text': '#00ff00', 'title.text': '' },
      })
    ).json()) as Json;
    expect(pixelAt(await decode(await image(json)), 5, 5)).toEqual([0, 255, 0, 255]);
  });

  it('renders inline html with data', async () => {
    const res = await generate({
      html: '<h1>{{title}}</h1>',
      data: { 'title.text': 'Hi' },
      width: 200,
      height: 100,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ width: 200, height: 100, format: 'png' });
  });

  it('accepts x-api-key as well as the Bearer token', async () => {
    const res = await fetch(`${s.audome}/api/render/generate`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ projectId }),
    });
    expect(res.status).toBe(200);
  });
});

describe('GET /api/render/projects/:id', () => {
  it("lists the project's dynamic elements with type, dynamicKey, defaultValue and placeholder", async () => {
    const res = await fetch(`${s.audome}/api/render/projects/${projectId}`, {
      headers: { authorization: `Bearer ${TEST_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      success: true,
      id: projectId,
      width: 400,
      height: 200,
      dynamicElements: [
        {
          type: 'text',
          dynamicKey: 'title',
          dataKey: 'title.text',
          defaultValue: 'Default title',
          placeholder: 'Headline',
        },
        {
          type: 'text',
          dynamicKey: 'subtitle',
          dataKey: 'subtitle.text',
          defaultValue: 'Default subtitle',
          placeholder: 'subtitle',
        },
        { type: 'image', dynamicKey: 'hero', dataKey: 'hero.img', defaultValue: '', placeholder: 'hero' },
      ],
    });
  });
});
