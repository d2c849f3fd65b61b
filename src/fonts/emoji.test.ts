import { describe, expect, it } from 'vitest';
import { isEmojiUrl, resolveEmojiAsset } from './emoji.ts';

const url = (name: string) => `https://cdn.jsdelivr.net/gh/jdecked/twemoji@17.0.2/assets/svg/${name}.svg`;
const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);

describe('local Twemoji', () => {
  it('recognises the URLs Takumi emoji extraction produces, and nothing else', () => {
    expect(isEmojiUrl(url('1f389'))).toBe(true);
    expect(isEmojiUrl(url('1f468-200d-1f469-200d-1f467'))).toBe(true);
    expect(isEmojiUrl('https://cdn.jsdelivr.net/gh/jdecked/twemoji@17.0.2/assets/svg/../../x.svg')).toBe(
      false,
    );
    expect(isEmojiUrl('https://example.com/1f389.svg')).toBe(false);
  });

  it('answers an emoji URL with the local SVG bytes', () => {
    expect(text(resolveEmojiAsset(url('1f389')))).toMatch(/^<svg/);
    expect(text(resolveEmojiAsset(url('1f468-200d-1f469-200d-1f467')))).toMatch(/^<svg/);
  });

  it('finds the file whether or not the name carries U+FE0F where Twemoji does', () => {
    expect(resolveEmojiAsset(url('2764-fe0f'))).toEqual(resolveEmojiAsset(url('2764')));
    expect(resolveEmojiAsset(url('1f441-fe0f-200d-1f5e8-fe0f'))).toBeDefined();
    expect(resolveEmojiAsset(url('1f3f3-200d-1f308'))).toEqual(
      resolveEmojiAsset(url('1f3f3-fe0f-200d-1f308')),
    );
  });

  it('gives nothing for an emoji the bundled Twemoji lacks or a URL that is not an emoji', () => {
    expect(resolveEmojiAsset(url('1fae9'))).toBeUndefined();
    expect(resolveEmojiAsset('https://example.com/1f389.svg')).toBeUndefined();
  });
});
