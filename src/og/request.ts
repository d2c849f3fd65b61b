// Library-mode options to the one RenderRequest, validated by the same schema and rules as
// POST /v1/render (same field names, so one object renders locally or through @placard/client).
// An `element` (React) becomes a document in the intermediate form here, synchronously, so a
// component that throws throws to the caller.
import { createHash } from 'node:crypto';
import { PlacardError } from '../errors/placard-error.ts';
import type { RenderRequest } from '../core/render-request.ts';
import { RenderBody, requestFromBody } from '../http/schemas/render.ts';
import { assertValid } from '../http/validation.ts';
import type { Config } from '../config.ts';
import { fontSet, type FontFace } from '../fonts/font-set.ts';
import type { CustomFont } from './options.ts';
import { elementToHtml } from './element.ts';
import { checkEmoji, checkFonts, emojiStyleFor, type EmojiSet, type FontOption } from './options.ts';

/** A render body of the native API (no stored-render or async switches; @vercel/og's emoji sets), plus library options. */
export type RenderOptions = Omit<RenderBody, 'response' | 'async' | 'webhook_url' | 'emoji'> & {
  /** A React element (what JSX or React.createElement returns); React is not needed at run time. */
  element?: unknown;
  /** Font files to draw with, under the family names the template uses. */
  fonts?: FontOption[];
  emoji?: EmojiSet;
  /** Outline every box. */
  debug?: boolean;
};

// Satori's layout rules, which templates written for @vercel/og rely on: every box is
// border-box and a div lays its children out as a flex row unless it says otherwise.
export const OG_DEFAULT_CSS = '<style>*{box-sizing:border-box}div{display:flex}</style>';

/** The caller's files as the render's own font set (as `placard render --font` gives one). */
function callerFonts(fonts: CustomFont[]) {
  const faces: FontFace[] = fonts.map((font) => ({
    id: createHash('sha256')
      .update(`${font.name}\0${font.weight ?? 400}\0${font.style ?? 'normal'}\0`)
      .update(font.data)
      .digest('hex')
      .slice(0, 24),
    family: font.name,
    weight: font.weight ?? 400,
    style: font.style ?? 'normal',
    load: async () => font.data,
  }));
  return fontSet(faces);
}

const SOURCES = ['html', 'jsx', 'elements', 'preset', 'template_id'] as const;

type Limits = Pick<Config, 'maxTemplateBytes' | 'defaultTimeoutMs'>;

export function libraryRequest(options: RenderOptions, limits: Limits, css = ''): RenderRequest {
  const { element, fonts: fontOptions, emoji, debug, ...body } = options;
  checkEmoji(emoji);
  const fonts = checkFonts(fontOptions);
  if (element === undefined) {
    const valid = assertValid<RenderBody>(RenderBody, body, 'option');
    const request = requestFromBody(valid, limits);
    if (fonts.length > 0) {
      throw new PlacardError(
        'VALIDATION_FAILED',
        'fonts is invalid; allowed: fonts with an element; received: fonts with a template source (use the bundled families there)',
      );
    }
    return { ...request, emoji: emojiStyleFor(emoji), ...(debug && { debug }) };
  }
  const others = SOURCES.filter((k) => body[k] !== undefined);
  if (others.length > 0) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `template must be given exactly once; allowed: one of element, html, jsx, elements, preset; received: element, ${others.join(', ')}`,
    );
  }
  if (body.variables !== undefined && Object.keys(body.variables).length > 0) {
    throw new PlacardError(
      'VALIDATION_FAILED',
      `variables is invalid; allowed: none with an element (pass props to your components); received: ${Object.keys(body.variables).join(', ')}`,
    );
  }
  // The placeholder stands for the element while the options are checked like any render's.
  const valid = assertValid<RenderBody>(RenderBody, { ...body, html: 'element' }, 'option');
  if (fonts.length > 0 && valid.engine === 'chromium') {
    throw new PlacardError(
      'VALIDATION_FAILED',
      'engine is invalid; allowed: native or auto with fonts; received: chromium',
    );
  }
  const request = requestFromBody(valid, limits);
  const html = css + elementToHtml(element);
  return {
    ...request,
    // The caller's fonts are registered with the native engine only.
    engine: fonts.length > 0 ? 'native' : request.engine,
    template: { kind: 'document', document: { html } },
    emoji: emojiStyleFor(emoji),
    ...(fonts.length > 0 && { fonts: callerFonts(fonts) }),
    ...(debug && { debug }),
  };
}
