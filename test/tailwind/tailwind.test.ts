// Tailwind in templates: cards written the way a Next.js user writes them (HTML `class`, JSX
// `className` and @vercel/og's `tw`), drawn by both engines from the CSS the real Tailwind v4
// compiler builds; a template without Tailwind classes is passed through untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pixelmatch from 'pixelmatch';
import { findChromium } from '../../src/engines/chromium/index.ts';
import { toHtml } from '../../src/templates/jsx/to-html.ts';
import { classNames, tailwindCss, withTailwind } from '../../src/templates/tailwind/compile.ts';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode } from '../helpers/image.ts';

const hasChromium = findChromium() !== undefined;
if (!hasChromium)
  console.warn('Skipping chromium Tailwind tests: Chromium is not installed (CI installs it).');

const htmlCard = `<div class="flex h-full w-full flex-col justify-center gap-4 bg-slate-900 px-16">
  <div class="text-sm font-bold uppercase tracking-widest text-sky-400">{{tag}}</div>
  <div class="text-6xl font-bold leading-tight text-white">{{title}}</div>
  <div class="flex items-center gap-3 text-2xl text-slate-300">
    <div class="h-10 w-10 rounded-full bg-pink-500"></div>{{author}}
  </div>
</div>`;

// A border-box card with padding and a fixed height (Tailwind's preflight-free `box-border`, in
// `@layer utilities`): the native engine's own content-box default must not beat it.
const paddedCard = `<div class="box-border flex h-[630px] w-[1200px] flex-col justify-between bg-slate-900 p-16">
  <div class="text-2xl font-bold uppercase text-sky-400">{{tag}}</div>
  <div class="text-6xl font-bold text-white">{{title}}</div>
  <div class="flex items-center gap-4 text-3xl text-slate-300"><div class="h-16 w-16 rounded-full bg-pink-500"></div>{{author}}</div>
</div>`;

const jsxCard = `export default function Card({ title, author }) {
  return (
    <div tw="flex h-full w-full flex-col justify-center bg-indigo-950 px-16" className="gap-6">
      <div tw="text-6xl font-bold text-white">{title}</div>
      <div className="rounded-xl bg-emerald-500 px-6 py-3 text-3xl text-white" tw="self-start">{author}</div>
    </div>
  );
}`;

const htmlVariables = { tag: 'Release', title: 'Tailwind cards in Placard', author: 'Ada Lovelace' };
const jsxVariables = { title: 'Tailwind cards in Placard', author: 'Ada Lovelace' };

describe('compiling the classes a document uses', () => {
  it('finds every class token and builds only real utilities', async () => {
    expect(classNames('<p class="a  b"><i class=\'c\'></i><b class=d>x</b></p>')).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    const css = await tailwindCss('<div class="p-4 text-sky-400 card">x</div>');
    expect(css).toContain('@layer utilities');
    expect(css).toMatch(/\.p-4\s*\{/);
    expect(css).toMatch(/\.text-sky-400\s*\{/);
    expect(css).not.toContain('.card');
  });

  it('joins JSX `tw` to the class attribute', () => {
    const element = (props: object) => ({ type: 'div', props, children: ['x'] });
    expect(toHtml(element({ tw: 'p-4 flex' }))).toBe('<div class="p-4 flex">x</div>');
    expect(toHtml(element({ className: 'card', tw: 'p-4' }))).toBe('<div class="card p-4">x</div>');
    expect(toHtml(element({ className: 'card' }))).toBe('<div class="card">x</div>');
  });

  it('leaves a document without Tailwind classes exactly as it was', async () => {
    for (const html of ['<div class="card title">x</div>', '<p style="color:red">x</p>']) {
      expect(await withTailwind(html)).toBe(html);
    }
  });

  it('puts the CSS inside the head of a full document, keeping standards mode', async () => {
    const out = await withTailwind(
      '<!doctype html><html><head><title>t</title></head><body class="p-4">x</body></html>',
    );
    expect(out.startsWith('<!doctype html><style>')).toBe(true);
  });
});

describe('rendering Tailwind cards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const render = async (body: { html: string } | { jsx: string }, engine: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/render',
      headers: auth,
      payload: {
        variables: 'html' in body ? htmlVariables : jsxVariables,
        width: 1200,
        height: 630,
        engine,
        cache_ttl: 0,
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return decode(res.rawPayload);
  };

  it.each([
    ['HTML class', { html: htmlCard }],
    ['JSX className and tw', { jsx: jsxCard }],
  ])('draws a %s card with its utilities applied', async (_name, body) => {
    const image = await render(body, 'native');
    const plain = await render(
      'html' in body
        ? { html: htmlCard.replace(/class="[^"]*"/g, '') }
        : { jsx: jsxCard.replace(/(tw|className)="[^"]*"/g, '') },
      'native',
    );
    const changed = pixelmatch(image.data, plain.data, undefined, image.width, image.height, {
      threshold: 0.1,
    });
    expect(changed / (image.width * image.height)).toBeGreaterThan(0.3); // the background alone
  });

  it.skipIf(!hasChromium).each([
    ['HTML class', { html: htmlCard }],
    ['border-box padded', { html: paddedCard }],
    ['JSX className and tw', { jsx: jsxCard }],
  ])('draws the %s card as Chromium does', async (_name, body) => {
    const [native, chromium] = await Promise.all([render(body, 'native'), render(body, 'chromium')]);
    const changed = pixelmatch(native.data, chromium.data, undefined, native.width, native.height, {
      threshold: 0.1,
    });
    // Text anti-aliasing differs a little between the engines; layout and colours must not.
    expect(changed / (native.width * native.height)).toBeLessThan(0.01);
  });
});
