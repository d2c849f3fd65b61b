// og.d.ts is what users of `placard/og` type-check against: the implementation must satisfy it
// (checked by tsc here, in `npm run check`), and export nothing it does not declare.
import { expect, it } from 'vitest';
import type * as Declared from '../../og.js';
import * as implementation from '../../src/og/index.ts';

const checked: typeof Declared = implementation;

it('declares exactly what src/og/index.ts exports', () => {
  expect(Object.keys(implementation).sort()).toEqual(Object.keys(checked).sort());
  expect(Object.keys(implementation).sort()).toEqual([
    'ImageResponse',
    'closeRenderer',
    'configureRenderer',
    'render',
  ]);
});
