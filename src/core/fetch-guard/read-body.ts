// Reads a response body into memory without ever holding more than the byte cap: the declared
// Content-Length is checked before reading, and the running total while streaming, because a
// server may omit the header (chunked) or lie in it.
import type { Readable } from 'node:stream';
import { FetchFailure } from './failure.ts';

function checkDeclaredLength(contentLength: string | string[] | undefined, maxBytes: number): void {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new FetchFailure('too-large', `larger than ${maxBytes} bytes (Content-Length says ${declared})`);
  }
}

async function readCapped(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Leaving the loop by throwing destroys the stream, which aborts the download.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new FetchFailure('too-large', `larger than ${maxBytes} bytes (stopped reading at ${total})`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Drops a body we will not read (a redirect, an error page, a refusal). undici reports an
 * unfinished body's destruction as an 'error' event, which would crash the process unheard.
 */
export function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** The whole body within the cap; the stream is released whether or not it was read to the end. */
export async function readBody(
  body: Readable,
  contentLength: string | string[] | undefined,
  maxBytes: number,
): Promise<Buffer> {
  try {
    checkDeclaredLength(contentLength, maxBytes);
    return await readCapped(body, maxBytes);
  } finally {
    discard(body);
  }
}
