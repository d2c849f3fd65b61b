import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, createSigner, webhookSignature } from './signing.ts';

describe('signing', () => {
  it('verifies what any configured key signed, so keys can be rotated', () => {
    const old = createSigner(['old-secret']);
    const rotated = createSigner(['new-secret', 'old-secret']);
    const signature = old.sign('a=1&b=2');
    expect(rotated.verify('a=1&b=2', signature)).toBe(true);
    expect(rotated.verify('a=1&b=3', signature)).toBe(false);
    expect(createSigner(['new-secret']).verify('a=1&b=2', signature)).toBe(false);
    expect(rotated.verify('a=1&b=2', 'nothex')).toBe(false);
    expect(rotated.verify('a=1&b=2', signature.slice(0, 40))).toBe(false);
  });

  it('canonicalises a query: order-independent, value-sensitive, ignores sig', () => {
    const a = canonicalQuery(new URLSearchParams('b=2&a=1&v_title=Hello+World&sig=x'));
    const b = canonicalQuery(new URLSearchParams('a=1&v_title=Hello%20World&b=2'));
    expect(a).toBe(b);
    expect(a).toBe('a=1&b=2&v_title=Hello%20World');
    expect(canonicalQuery(new URLSearchParams('a=1&b=3'))).not.toBe(
      canonicalQuery(new URLSearchParams('a=1&b=2')),
    );
  });

  it('signs webhooks over timestamp and body so receivers can check both', () => {
    const header = webhookSignature(createSigner(['whsec']), '{"id":1}', 1_700_000_000_000);
    const expected = createHmac('sha256', 'whsec').update('1700000000.{"id":1}').digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });
});
