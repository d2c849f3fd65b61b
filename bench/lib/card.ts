// The standard card fixture (bench/standard-card.html + .json), read once per process, and
// helpers to bind it and check a PNG's size.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { EngineFormat, EngineRenderOptions } from '../../src/engines/types.ts';

interface CardFixture {
  width: number;
  height: number;
  format: 'png';
  variables: Record<string, string>;
}

const dir = new URL('../', import.meta.url);
const fixture = JSON.parse(readFileSync(new URL('standard-card.json', dir), 'utf8')) as CardFixture;

export const card = {
  html: readFileSync(new URL('standard-card.html', dir), 'utf8'),
  variables: fixture.variables,
  width: fixture.width,
  height: fixture.height,
  format: fixture.format,
};

/** The card's HTML with its variables bound by plain Handlebars ({{x}} HTML-escaped). */
export function boundCardHtml(): string {
  return Handlebars.compile(card.html)(card.variables);
}

/** Width and height from a PNG's IHDR chunk; throws if `data` is not a PNG. */
export function pngSize(data: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 24 || buf.readUInt32BE(0) !== 0x89504e47 || buf.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`not a PNG (${buf.length} bytes, starts ${buf.subarray(0, 8).toString('hex')})`);
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** What an engine is asked for when it draws the card: the bench's Chromium paths share it. */
export function cardEngineOptions(format: EngineFormat): EngineRenderOptions {
  return {
    width: card.width,
    height: card.height,
    scale: 1,
    format,
    quality: format === 'png' ? undefined : 80,
    background: '#ffffffff',
    assets: new Map(),
    signal: AbortSignal.timeout(30_000),
  };
}
