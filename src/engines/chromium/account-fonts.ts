// Account fonts in the browser: each face the document names becomes an @font-face under its real
// family name, appended to the document (so it goes when the next render swaps the page), with a
// URL on the fake origin that only this render's route answers. The path holds a random
// per-process token, so no template can name another account's font file by URL.
import { randomBytes } from 'node:crypto';
import { fontWeightDescriptor } from '../../fonts/variation.ts';
import type { BoundFace } from '../native/account-fonts.ts';
import { ORIGIN } from './shell.ts';

const PREFIX = `${ORIGIN}/account-fonts/${randomBytes(8).toString('hex')}/`;

export interface WebFonts {
  /** `<style>` with one @font-face per face, to append to the document. */
  style: string;
  /** The font files by URL, for the page's route handler. */
  files: Map<string, Uint8Array>;
}

export async function webFonts(faces: readonly BoundFace[]): Promise<WebFonts | undefined> {
  if (faces.length === 0) return undefined;
  const files = new Map<string, Uint8Array>();
  const rules: string[] = [];
  await Promise.all(
    faces.map(async ({ face }) => {
      const url = `${PREFIX}${encodeURIComponent(face.id)}`;
      const bytes = await face.load();
      files.set(url, bytes);
      // A variable face declares its whole weight axis, so every weight draws its own instance.
      const weight = fontWeightDescriptor(face.weight, bytes, face.id);
      rules.push(
        `@font-face{font-family:${JSON.stringify(face.family)};font-weight:${weight};` +
          `font-style:${face.style};font-display:block;src:url("${url}")}`,
      );
    }),
  );
  return { style: `<style>${rules.join('\n')}</style>`, files };
}
