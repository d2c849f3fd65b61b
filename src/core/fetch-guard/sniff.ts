// Decides what a downloaded body really is from its bytes: the server's Content-Type is never
// trusted, since a page that says image/png may be HTML, a login page or anything else.
import { fileTypeFromBuffer } from 'file-type';
import { FetchFailure } from './failure.ts';

const rasterMimes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);
const formats = 'PNG, JPEG, GIF, WebP, AVIF or SVG';

/**
 * An SVG document: optional BOM, XML declaration, comments and a DOCTYPE without an internal
 * subset (entity declarations are how SVG files attack parsers), then the `<svg` root element.
 * Only the head is scanned, so a huge prolog is refused rather than scanned forever.
 */
const svgHead = /^\uFEFF?(?:\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+svg[^>[]*>)*<svg[\s>/]/;
const htmlHead = /^\uFEFF?\s*(?:<!doctype\s+html|<html|<head|<body)/i;

/** Returns the sniffed MIME type of an image we accept, or throws 'not-an-image'. */
export async function sniffImage(bytes: Buffer, declaredType: string | undefined): Promise<string> {
  if (bytes.length === 0) throw new FetchFailure('not-an-image', 'answered with an empty body');
  const detected = await fileTypeFromBuffer(bytes);
  // An animated PNG is still a PNG; decoders that do not animate draw its first frame.
  const mime = detected?.mime === 'image/apng' ? 'image/png' : detected?.mime;
  if (mime && rasterMimes.has(mime)) return mime;

  // file-type knows no SVG and reports an XML declaration as application/xml, so text formats
  // are checked here ourselves.
  const head = bytes.subarray(0, 4096).toString('utf8');
  if ((mime === undefined || mime === 'application/xml') && svgHead.test(head)) return 'image/svg+xml';

  const said = declaredType ? `the server said ${declaredType}; ` : '';
  if (mime?.startsWith('image/')) {
    throw new FetchFailure('not-an-image', `is ${mime}, which is not supported (${said}allowed: ${formats})`);
  }
  const what = mime ?? (htmlHead.test(head) ? 'text/html' : undefined);
  if (what) throw new FetchFailure('not-an-image', `is ${what}, not an image (${said}allowed: ${formats})`);
  throw new FetchFailure('not-an-image', `is not an image (${said}its bytes are none of ${formats})`);
}
