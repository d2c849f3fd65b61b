// Image tests against committed references (test/reference/*.png), fonts pinned by package
// version. Regenerate with UPDATE_REFERENCES=1 after an intended change, and look at them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createTestApp, type TestApp } from '../helpers/app.ts';
import { decode, diffWithReference } from '../helpers/image.ts';

const template = (name: string) =>
  fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/templates', name), 'utf8');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const cases = [
  {
    name: 'languages',
    html: template('languages.html'),
    variables: {
      title: 'Fonts for every script',
      japanese: '日本語のテキストを描画します',
      chinese: '渲染中文文本',
      arabic: 'مرحبا بالعالم',
      serif: 'Playfair Display, italic',
      code: 'const card = render(template);',
    },
  },
  {
    name: 'grid-scale-2',
    html: template('grid.html'),
    variables: { main: 'Grid layouts', side: 'Side panels truncated', when: '2026-11-21' },
    scale: 2,
  },
];

it.each(cases)('$name matches its reference', async ({ name, html, variables, scale }) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/render',
    headers: auth,
    payload: { html, variables, scale },
  });
  expect(res.statusCode).toBe(200);
  const image = await decode(res.rawPayload);
  expect(image.width).toBe(1200 * (scale ?? 1));
  expect(await diffWithReference(name, res.rawPayload)).toBeLessThan(0.005);
});
