// ImageResponse as @vercel/og's docs use it (a JSX card, a custom font as an ArrayBuffer),
// served by a real node:http route over a socket and checked pixel by pixel.
import fs from 'node:fs/promises';
import path from 'node:path';
import { memo } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageResponse } from 'placard/og';
import { decode, pixelAt, type Pixels } from '../helpers/image.ts';
import { serveRoutes, type RouteServer } from './route.ts';

const fontsource = path.resolve(import.meta.dirname, '../../node_modules/@fontsource');
const fontFile = async (file: string): Promise<ArrayBuffer> => {
  const bytes = await fs.readFile(path.join(fontsource, file));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
};

// https://vercel.com/docs/og-image-generation: the basic example, as written there.
function basic() {
  return new ImageResponse(
    <div
      style={{
        fontSize: 128,
        background: 'white',
        width: '100%',
        height: '100%',
        display: 'flex',
        textAlign: 'center',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      Hello world!
    </div>,
    { width: 1200, height: 600 },
  );
}

// The custom font example: the font's bytes as an ArrayBuffer, named as the element names it.
function typewriter(fontData: ArrayBuffer | undefined, family = 'Typewriter') {
  return new ImageResponse(
    <div
      style={{
        backgroundColor: 'white',
        height: '100%',
        width: '100%',
        fontSize: 100,
        fontFamily: `"${family}"`,
        paddingTop: '100px',
        paddingLeft: '50px',
      }}
    >
      Hello world!
    </div>,
    {
      width: 1200,
      height: 630,
      ...(fontData && { fonts: [{ name: family, data: fontData, style: 'normal' as const }] }),
    },
  );
}

// Components, props, lists and emoji, the way a card is usually split up.
function Badge({ label, color }: { label: string; color: string }) {
  return (
    <span style={{ background: color, color: 'white', padding: '8px 16px', borderRadius: 8 }}>{label}</span>
  );
}
const Title = memo(function Title({ children }: { children: string }) {
  return <h1 style={{ fontSize: 64, margin: 0, color: '#0f172a' }}>{children}</h1>;
});
function Card({ title, tags }: { title: string; tags: string[] }) {
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        gap: 24,
        padding: 60,
        width: '100%',
        height: '100%',
        background: '#f8fafc',
      }}
    >
      <Title>{title}</Title>
      <div style={{ display: 'flex', gap: 12, fontSize: 28 }}>
        {tags.map((tag) => (
          <Badge key={tag} label={tag} color="#7c3aed" />
        ))}
      </div>
      <>
        <div style={{ fontSize: 80 }}>👋</div>
      </>
    </div>
  );
}

let server: RouteServer;
let fonts: { playfair: ArrayBuffer; mono: ArrayBuffer };
beforeAll(async () => {
  fonts = {
    playfair: await fontFile('playfair-display/files/playfair-display-latin-700-normal.woff'),
    mono: await fontFile('jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2'),
  };
  server = await serveRoutes({
    '/api/og': () => basic(),
    '/api/font': () => typewriter(fonts.playfair),
    '/api/no-font': () => typewriter(undefined),
    '/api/bundled-playfair': () =>
      new ImageResponse(
        <div
          style={{
            backgroundColor: 'white',
            height: '100%',
            width: '100%',
            fontSize: 100,
            fontFamily: 'Playfair Display',
            fontWeight: 700,
            paddingTop: '100px',
            paddingLeft: '50px',
          }}
        >
          Hello world!
        </div>,
        { width: 1200, height: 630 },
      ),
    '/api/inter-override': () => typewriter(fonts.mono, 'Inter'),
    '/api/inter': () => typewriter(undefined, 'Inter'),
    '/api/mono': () => typewriter(undefined, 'JetBrains Mono'),
    '/api/card': () =>
      new ImageResponse(<Card title="Placard, drop-in" tags={['og', 'images']} />, {
        width: 800,
        height: 420,
        headers: { 'cache-control': 'public, max-age=60', 'x-route': 'card' },
        status: 201,
      }),
    '/api/transparent': () =>
      new ImageResponse(<div style={{ width: 100, height: 50, background: 'red' }} />, {
        width: 200,
        height: 100,
      }),
  });
});
afterAll(() => server.close());

async function get(route: string): Promise<{ response: Response; pixels: Pixels; bytes: Buffer }> {
  const response = await fetch(server.url(route));
  const bytes = Buffer.from(await response.arrayBuffer());
  if (process.env.DUMP) await fs.writeFile(`/tmp/og${route.replace(/\//g, '-')}.png`, bytes);
  return { response, bytes, pixels: await decode(bytes) };
}

/** Pixels darker than light grey: where text was drawn. */
function inked(p: Pixels): number {
  let count = 0;
  for (let i = 0; i < p.data.length; i += p.channels)
    if (p.data[i + 3]! > 128 && p.data[i]! + p.data[i + 1]! + p.data[i + 2]! < 300) count++;
  return count;
}

/** Share of pixels that differ by more than a little in any channel. */
function difference(a: Pixels, b: Pixels): number {
  let changed = 0;
  for (let i = 0; i < a.data.length; i += a.channels) {
    for (let c = 0; c < 4; c++) {
      if (Math.abs(a.data[i + c]! - b.data[i + c]!) > 40) {
        changed++;
        break;
      }
    }
  }
  return changed / (a.width * a.height);
}

describe('ImageResponse, as @vercel/og docs write it, over a real route', () => {
  it('answers a PNG of the asked size with the text drawn in the middle', async () => {
    const { response, pixels, bytes } = await get('/api/og');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, immutable, no-transform, max-age=31536000');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([pixels.width, pixels.height]).toEqual([1200, 600]);
    expect(pixelAt(pixels, 5, 5)).toEqual([255, 255, 255, 255]);
    // 128 px text: thousands of dark pixels, all in the middle band (centred by flex).
    const ink = inked(pixels);
    expect(ink).toBeGreaterThan(5000);
    const top = inked({ ...pixels, data: pixels.data.subarray(0, pixels.width * 200 * 4), height: 200 });
    expect(top).toBe(0);
  });

  it('draws with a font passed as an ArrayBuffer, under the name the element uses', async () => {
    const [withFont, withoutFont, bundled] = await Promise.all([
      get('/api/font'),
      get('/api/no-font'),
      get('/api/bundled-playfair'),
    ]);
    expect(inked(withFont.pixels)).toBeGreaterThan(3000);
    // Without the font "Typewriter" falls back to Inter: other glyphs.
    expect(difference(withFont.pixels, withoutFont.pixels)).toBeGreaterThan(0.01);
    // With it, the same file as the bundled Playfair Display 700 draws the same glyphs.
    expect(difference(withFont.pixels, bundled.pixels)).toBeLessThan(0.002);
  });

  it("uses the caller's font even when it has a bundled family's name", async () => {
    const [override, inter, mono] = await Promise.all([
      get('/api/inter-override'),
      get('/api/inter'),
      get('/api/mono'),
    ]);
    expect(difference(override.pixels, inter.pixels)).toBeGreaterThan(0.01);
    expect(difference(override.pixels, mono.pixels)).toBeLessThan(0.002);
  });

  it('calls components (memo included), draws lists, fragments and emoji, and keeps status and headers', async () => {
    const { response, pixels } = await get('/api/card');
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('x-route')).toBe('card');
    expect([pixels.width, pixels.height]).toEqual([800, 420]);
    expect(inked(pixels)).toBeGreaterThan(2000);
    let violet = 0;
    let yellow = 0; // the waving hand in Twemoji is yellow
    for (let i = 0; i < pixels.data.length; i += 4) {
      const [r, g, b] = [pixels.data[i]!, pixels.data[i + 1]!, pixels.data[i + 2]!];
      if (Math.abs(r - 0x7c) < 12 && Math.abs(g - 0x3a) < 12 && Math.abs(b - 0xed) < 12) violet++;
      if (r > 230 && g > 190 && g < 240 && b < 140) yellow++;
    }
    expect(violet).toBeGreaterThan(1000);
    expect(yellow).toBeGreaterThan(300);
  });

  it('leaves the page transparent where the element draws nothing, as @vercel/og does', async () => {
    const { pixels } = await get('/api/transparent');
    expect(pixelAt(pixels, 10, 10)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(pixels, 150, 80)[3]).toBe(0);
  });
});
