// The content key of a render: everything that decides its pixels — the template's content
// (hash or id@version), the variables (canonical JSON, so key order does not matter), the
// final options and the engine version. Identical keys are identical images.
import stringify from 'safe-stable-stringify';
import { sha256Base64url } from './digest.ts';
import type { RenderOptions } from './render-request.ts';

export function contentKey(parts: {
  template: string;
  variables: Record<string, unknown>;
  options: RenderOptions;
  engine: string;
}): string {
  const text = stringify([parts.template, parts.variables, parts.options, parts.engine]) ?? '';
  return sha256Base64url(text);
}

/**
 * The part of the key that names how the pixels are made: the engine asked for and the engines'
 * versions, whether the render is measured (`+fit`: it carries a fit report) or a debug render,
 * the account's fonts, and the Tailwind compiler's version and the account's theme (they decide
 * the CSS a template's classes become: upgrading tailwindcss or changing the theme draws again).
 */
export function drawingKey(parts: {
  engine: string;
  enginesVersion: string;
  fit?: boolean;
  debug?: boolean;
  fontsVersion?: string;
  tailwindVersion: string;
  themeHash?: string;
}): string {
  return [
    `${parts.engine}: ${parts.enginesVersion}`,
    parts.fit && '+fit',
    parts.debug && '+debug',
    parts.fontsVersion && `fonts:${parts.fontsVersion}`,
    `tailwind:${parts.tailwindVersion}`,
    parts.themeHash && `theme:${parts.themeHash.slice(0, 16)}`,
  ]
    .filter(Boolean)
    .join(' ');
}
