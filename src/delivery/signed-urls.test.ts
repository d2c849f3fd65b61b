import { describe, expect, it } from 'vitest';
import { createSigner } from '../core/signing.ts';
import { isPlacardError } from '../errors/placard-error.ts';
import { queryOf, signedImageUrl, signedImageVerifier, type SignedImage } from './signed-urls.ts';

const signer = createSigner(['test-secret']);
const image: SignedImage = {
  accountId: 'acc_1',
  templateId: 'tpl_1',
  variables: { title: 'Hello', count: 3 },
  width: 1200,
  expiresAt: 2_000_000,
};
const query = queryOf(signedImageUrl(signer, image, 'https://img.example', '/v1/image'));

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return isPlacardError(error) ? error.code : String(error);
  }
}

describe('signedImageVerifier', () => {
  it('gives the signed image, and the same one again from its memo', () => {
    const verify = signedImageVerifier(signer);
    const first = verify(query, 1_000_000);
    expect(first).toMatchObject({ ...image, variables: { title: 'Hello', count: 3 } });
    expect(verify(query, 1_000_001)).toBe(first);
    expect(Object.isFrozen(first.variables)).toBe(true);
  });

  it('checks the expiry of a remembered URL on every call', () => {
    const verify = signedImageVerifier(signer);
    verify(query, 1_000_000);
    expect(codeOf(() => verify(query, 2_000_000))).toBe('URL_EXPIRED');
  });

  it('refuses a changed parameter every time, whatever was verified before', () => {
    const verify = signedImageVerifier(signer);
    verify(query, 1_000_000);
    const forged = query.replace('acc_1', 'acc_2');
    expect(codeOf(() => verify(forged, 1_000_000))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verify(forged, 1_000_000))).toBe('INVALID_SIGNATURE');
    expect(codeOf(() => verify('', 1_000_000))).toBe('INVALID_SIGNATURE');
  });
});

describe('queryOf', () => {
  it('takes everything after the first question mark', () => {
    expect(queryOf('/v1/image?a=1&b=2')).toBe('a=1&b=2');
    expect(queryOf('/v1/image?a=1?b')).toBe('a=1?b');
    expect(queryOf('/v1/image')).toBe('');
  });
});
