// The images the fidelity cases draw, made with sharp when the suite starts (no binary files in
// the repository): a photo-like landscape, a square avatar and a logo, as data: URLs for the
// templates, plus one remote URL whose bytes are handed to both engines as a loaded asset, the
// way the pipeline hands over what the guarded fetcher fetched.
import sharp from 'sharp';

/** A URL no network answers: both engines get its bytes from the assets map only. */
export const REMOTE_PHOTO_URL = 'https://assets.placard.test/photo.png';

export interface FidelityAssets {
  /** data: URLs by name, bound into templates as {{asset.<name>}}. */
  dataUrls: Record<string, string>;
  /** Remote URL → bytes, as the pipeline passes loaded assets to an engine. */
  remote: Map<string, Uint8Array>;
}

const landscape = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#38bdf8"/><stop offset="1" stop-color="#fde68a"/></linearGradient></defs>
  <rect width="640" height="400" fill="url(#sky)"/><circle cx="480" cy="110" r="56" fill="#f97316"/>
  <path d="M0 300 L160 170 L300 290 L420 200 L640 320 L640 400 L0 400 Z" fill="#15803d"/>
  <path d="M0 340 L220 260 L400 350 L640 290 L640 400 L0 400 Z" fill="#14532d"/></svg>`;

const avatar = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256">
  <rect width="256" height="256" fill="#f472b6"/><circle cx="128" cy="100" r="52" fill="#fde68a"/>
  <path d="M40 256 C40 180 216 180 216 256 Z" fill="#fde68a"/></svg>`;

const logo = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160">
  <rect width="160" height="160" rx="36" fill="#4f46e5"/><path d="M48 112 L80 40 L112 112 Z" fill="#fff"/></svg>`;

async function png(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function fidelityAssets(): Promise<FidelityAssets> {
  const [photo, face, mark] = await Promise.all([png(landscape), png(avatar), png(logo)]);
  const dataUrl = (bytes: Buffer): string => `data:image/png;base64,${bytes.toString('base64')}`;
  return {
    dataUrls: { photo: dataUrl(photo), avatar: dataUrl(face), logo: dataUrl(mark) },
    remote: new Map([[REMOTE_PHOTO_URL, photo]]),
  };
}
