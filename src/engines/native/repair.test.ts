import type { Node } from '@takumi-rs/core';
import { describe, expect, it } from 'vitest';
import { isPlacardError } from '../../errors/placard-error.ts';
import { onPage } from './page.ts';
import { dropDeclaration, invalidDeclaration, repairPage } from './repair.ts';

const error = (property: string, near: string) =>
  new Error(
    `InvalidArg, invalid value for ${property}, line 1, column 1 near "${near}": string "${near}"; Unexpected token`,
  );

describe('repairing inline declarations Takumi rejects', () => {
  it('reads the property and text out of a Takumi error', () => {
    expect(invalidDeclaration(error('zIndex', '1.5'))).toEqual({ property: 'zIndex', near: '1.5' });
    expect(invalidDeclaration(new Error('something else'))).toBeUndefined();
  });

  it('drops the declaration whose value holds the rejected text', () => {
    const bad = { type: 'text', text: 'b', style: { color: '#12' } } satisfies Node;
    const root: Node = { type: 'container', style: { color: 'red' }, children: [bad] };
    expect(dropDeclaration(root, { property: 'color', near: '#12' })).toBe('#12');
    expect(bad.style).toEqual({});
    expect(root.style).toEqual({ color: 'red' });
  });

  it('treats a bad page background as the caller’s validation error', () => {
    const page = onPage({ type: 'text', text: 'x' }, 'nope');
    let failure: unknown;
    try {
      repairPage(page, error('backgroundColor', 'nope'), 'nope');
    } catch (caught) {
      failure = caught;
    }
    expect(isPlacardError(failure) && failure.code).toBe('VALIDATION_FAILED');
  });

  it('says it cannot repair an error no declaration matches', () => {
    expect(repairPage(onPage({ type: 'text', text: 'x' }, 'white'), error('width', 'abc'), 'white')).toBe(
      false,
    );
  });
});
