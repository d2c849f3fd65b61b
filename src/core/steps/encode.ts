// Turns what the engine drew into the requested format. Engines encode png, jpeg and webp
// themselves (the native engine: Takumi, fastest per card on a quiet machine, measured in
// bench/lib/phases.ts); AVIF goes through sharp from raw pixels, PDF wraps the PNG in
// one page whose size in points equals the card's CSS size, so it prints at its design size.
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { EngineFormat, EngineOutput } from '../../engines/types.ts';
import type { OutputFormat } from '../render-request.ts';

/** What to ask the engine for, per output format. */
export const engineFormatFor: Record<OutputFormat, EngineFormat> = {
  png: 'png',
  jpeg: 'jpeg',
  webp: 'webp',
  avif: 'raw',
  pdf: 'png',
};

// Fixed dates keep PDF bytes (and so the ETag) identical for identical renders.
const PDF_EPOCH = new Date('2026-01-01T00:00:00Z');

async function toPdf(png: Buffer, cssWidth: number, cssHeight: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setProducer('Placard');
  pdf.setCreator('Placard');
  pdf.setCreationDate(PDF_EPOCH);
  pdf.setModificationDate(PDF_EPOCH);
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([cssWidth, cssHeight]);
  page.drawImage(image, { x: 0, y: 0, width: cssWidth, height: cssHeight });
  return Buffer.from(await pdf.save());
}

/** The engine's own bytes come back as they are (no promise to wait for); AVIF and PDF are made here. */
export function encode(
  output: EngineOutput,
  format: OutputFormat,
  quality: number | undefined,
  css: { width: number; height: number },
): Buffer | Promise<Buffer> {
  switch (format) {
    case 'avif':
      return sharp(output.data, { raw: { width: output.width, height: output.height, channels: 4 } })
        .avif({ quality, effort: 2 })
        .toBuffer();
    case 'pdf':
      return toPdf(output.data, css.width, css.height);
    default:
      return output.data;
  }
}
