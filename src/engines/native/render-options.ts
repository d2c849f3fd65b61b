// Small pieces of a native render: Takumi's output-format options, the engine version string and
// an abort race that rejects at once even while Takumi is still busy.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OutputFormatOptions } from '@takumi-rs/core';
import { fontSetVersion } from '../../fonts/catalog.ts';
import { emojiSetsVersion } from '../../fonts/emoji.ts';
import type { EngineFormat } from '../types.ts';

/** Bump when Placard's own drawing rules (page, browser defaults) change what a template draws. */
const NATIVE_REVISION = 3; // 2 encoded PNG with sharp from raw pixels; 3 is Takumi's PNG again

/** Takumi format options. Without a quality Takumi picks: JPEG its default, WebP lossless. */
export function formatOptions(format: EngineFormat, quality: number | undefined): OutputFormatOptions {
  if (format === 'jpeg' || format === 'webp') {
    return quality === undefined
      ? { format }
      : { format, quality: Math.min(100, Math.max(1, Math.round(quality))) };
  }
  return { format };
}

/** `native/1 takumi/2.16.3 fonts/<hash> twemoji/15.0.0 noto/1.2.9 …`: changes whenever the same input may draw differently. */
export function nativeEngineVersion(): string {
  return `native/${NATIVE_REVISION} takumi/${takumiCoreVersion()} fonts/${fontSetVersion()} ${emojiSetsVersion}`;
}

function takumiCoreVersion(): string {
  // The package does not export its package.json: walk up from the entry point to find it.
  let dir = dirname(createRequire(import.meta.url).resolve('@takumi-rs/core'));
  for (let depth = 0; depth < 4; depth += 1, dir = dirname(dir)) {
    try {
      const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (meta.name === '@takumi-rs/core' && meta.version) return meta.version;
    } catch {
      // no package.json at this level
    }
  }
  return 'unknown';
}

/** Settles like `promise`, but rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) {
      onAbort();
      promise.catch(() => undefined); // its later failure is of no interest any more
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
