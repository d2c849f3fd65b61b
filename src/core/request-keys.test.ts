import { describe, expect, it } from 'vitest';
import { createRenderRequest, type RenderOptions } from './render-request.ts';
import { createRequestKeys, type KeyInputs } from './request-keys.ts';

const limits = { maxTemplateBytes: 1000, defaultTimeoutMs: 1000 };
const request = () =>
  createRenderRequest({ template: { kind: 'html', source: '<p>{{x}}</p>' }, variables: { x: 1 } }, limits);
const inputs: KeyInputs = {
  identity: 'html:abc',
  engines: 'takumi 2 | no-chromium',
  fonts: 'f1',
  theme: undefined,
};
const made = { options: { width: 10 } as RenderOptions, key: 'key-1' };

describe('createRequestKeys', () => {
  it('gives back what was made for the same frozen request while its inputs hold', () => {
    const keys = createRequestKeys();
    const frozen = Object.freeze(request());
    keys.remember(frozen, inputs, made);
    expect(keys.known(frozen, { ...inputs })).toMatchObject(made);
    // An equal request that is another object is another request.
    expect(keys.known(Object.freeze(request()), inputs)).toBeUndefined();
  });

  it.each<[string, Partial<KeyInputs>]>([
    ['template identity', { identity: 'tpl_1@2' }],
    ['engines', { engines: 'takumi 3 | no-chromium' }],
    ['font set', { fonts: 'f2' }],
    ['theme', { theme: 'sha-of-a-theme' }],
  ])('forgets it when the %s changes', (_name, change) => {
    const keys = createRequestKeys();
    const frozen = Object.freeze(request());
    keys.remember(frozen, inputs, made);
    expect(keys.known(frozen, { ...inputs, ...change })).toBeUndefined();
  });

  it('keeps nothing for a request that is not frozen (a one-off)', () => {
    const keys = createRequestKeys();
    const open = request();
    keys.remember(open, inputs, made);
    expect(keys.known(open, inputs)).toBeUndefined();
  });
});
