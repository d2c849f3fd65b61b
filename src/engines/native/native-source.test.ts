import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Renderer, type Node } from '@takumi-rs/core';
import { fromHtml } from 'takumi-js/helpers/html';
import { onPage } from './page.ts';
import { createSourceRender, forgetSource } from './native-source.ts';

const require = createRequire(import.meta.url);
let renderer: Renderer;

beforeAll(async () => {
  renderer = new Renderer();
  const file = require.resolve('@fontsource/inter/files/inter-latin-400-normal.woff2');
  await renderer.registerFont({ name: 'Inter', data: await readFile(file), weight: 400, style: 'normal' });
});

const options = { width: 120, height: 40, format: 'png' as const, fontFamilies: ['Inter'] };
const source = (html: string, background = 'white') => {
  const { node, css } = fromHtml(html);
  return { input: { page: onPage(node, background), node, background }, css };
};

describe('drawing from a kept JSON tree', () => {
  it('draws the same bytes as Takumi wrapper, without going through it', async () => {
    const { input, css } = source('<div style="color:teal;font-size:20px">Hello</div><img src="x.svg">');
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
    const images = [
      { src: 'x.svg', data: new TextEncoder().encode('<svg/>') },
      { src: 'x.svg', data: new TextEncoder().encode(svg) }, // the last of a src wins, as in the wrapper
    ];
    const expected = await renderer.render(input.page, { ...options, css, images });
    const wrapper = vi.spyOn(renderer, 'render');
    const draw = createSourceRender(renderer);
    expect(await draw(input, { ...options, css, images })).toEqual(expected);
    expect(await draw(input, { ...options, css, images })).toEqual(expected);
    expect(wrapper).not.toHaveBeenCalled();
    wrapper.mockRestore();
  });

  it('leaves to the wrapper a tree JSON cannot carry as it is (a lone surrogate)', async () => {
    const { input, css } = source('<div>a\ud800b</div>');
    const wrapper = vi.spyOn(renderer, 'render');
    await createSourceRender(renderer)(input, { ...options, css });
    expect(wrapper).toHaveBeenCalledOnce();
    wrapper.mockRestore();
  });

  it('serializes a tree again once it is forgotten (after a repair changed it)', async () => {
    const { input, css } = source('<div style="width:100px;height:40px;background:red"></div>');
    const draw = createSourceRender(renderer);
    const red = await draw(input, { ...options, css });
    const box = (input.node as Node & { style: Record<string, unknown> }).style;
    box.backgroundColor = 'blue';
    delete box.background;
    expect(await draw(input, { ...options, css })).toEqual(red); // kept: the change is not seen
    forgetSource(input.node);
    expect(await draw(input, { ...options, css })).not.toEqual(red);
  });

  it('checks the abort signal before drawing, as the wrapper does', async () => {
    const { input, css } = source('<div>x</div>');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const signalled = { ...options, css, signal: controller.signal } as typeof options;
    await expect(createSourceRender(renderer)(input, signalled)).rejects.toThrow('stop');
  });
});
