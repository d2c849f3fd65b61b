import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkImageUpload } from './uploads.ts';

const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 4_000_000, formats: ['jpeg', 'png', 'webp'] };
const image = (format: 'png' | 'jpeg' | 'webp' | 'gif', width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .toFormat(format)
    .toBuffer();

describe('image uploads', () => {
  it('accepts JPEG, PNG and WebP, read from the bytes', async () => {
    for (const format of ['png', 'jpeg', 'webp'] as const) {
      expect(await checkImageUpload(await image(format), limits)).toEqual({
        mime: `image/${format}`,
        width: 40,
        height: 30,
      });
    }
  });

  it('refuses other formats, text, empty and oversize files', async () => {
    await expect(checkImageUpload(await image('gif'), limits)).rejects.toThrow(
      /gif; allowed: jpeg, png, webp/,
    );
    await expect(checkImageUpload(Buffer.from('<html>hi</html>'), limits)).rejects.toThrow(/not an image/);
    await expect(checkImageUpload(Buffer.alloc(0), limits)).rejects.toThrow(/empty/);
    await expect(checkImageUpload(await image('png'), { ...limits, maxBytes: 10 })).rejects.toThrow(
      /at most 10 bytes/,
    );
  });

  it('refuses a decompression bomb: a small file of too many pixels', async () => {
    const bomb = await sharp({ create: { width: 5000, height: 5000, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(bomb.length).toBeLessThan(limits.maxBytes);
    await expect(checkImageUpload(bomb, limits)).rejects.toThrow(
      /25000000 pixels\); allowed: at most 4000000/,
    );
  });

  it('refuses a truncated image', async () => {
    const png = await image('png', 400, 400);
    await expect(checkImageUpload(png.subarray(0, png.length - 200), limits)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
