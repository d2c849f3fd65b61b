// PNG for the native engine: Takumi draws raw RGBA and sharp (libspng) encodes it at level 6
// without adaptive filtering. Takumi's own PNG encoder is quicker on an idle machine (about 5 ms
// against 7 ms for the standard card) but not when the cores are busy: with four renders in flight
// on 2 loaded cores Takumi's PNG path drew 28-36 cards/s, raw + sharp 91-96, for the same CPU
// time per card (`npm run bench` prints both encoders' time and size on the same pixels). Files
// are ~1.2x the size of Takumi's. Alpha is kept: the pixels are exactly Takumi's.
import sharp from 'sharp';

export async function encodePng(rgba: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(rgba, { raw: { width, height, channels: 4 } })
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
}
