// Reads an OG Engine render body (seeds/og-engine-render-api.txt, COMPAT-NOTES.md) into a
// preset render: the format preset picks the size, `style.*` become preset variables, and
// every problem is reported with the doc's own codes (missing_field, invalid_format,
// invalid_font) and a `details` list of { field, message }.
import { describeValue, PlacardError } from '../../../errors/placard-error.ts';
import { normalizeFamilyName } from '../../../fonts/catalog.ts';
import { presetNames } from '../../../templates/presets/index.ts';

export const ogFormats = {
  og: { width: 1200, height: 630 },
  twitter: { width: 1200, height: 675 },
  linkedin: { width: 1200, height: 627 },
  square: { width: 1080, height: 1080 },
  story: { width: 1080, height: 1920 },
} as const;
export type OgFormat = keyof typeof ogFormats;

export const ogFonts = [
  'Outfit',
  'Inter',
  'Playfair Display',
  'Sora',
  'Space Grotesk',
  'JetBrains Mono',
  'Noto Sans JP',
  'Noto Sans AR',
];
const layouts = ['left', 'center', 'bottom'];
const gradients = ['void', 'deep-sea', 'ember', 'forest', 'plum', 'slate'];
const outputFormats = ['png', 'webp', 'pdf'] as const;

export interface OgRender {
  format: OgFormat;
  size: { width: number; height: number };
  /** A preset name, or `custom:<name>` for a stored template of the caller. */
  template: string;
  variables: Record<string, unknown>;
  output: { format: (typeof outputFormats)[number]; quality: number };
}

interface Problem {
  field: string;
  message: string;
}

/**
 * A body that does not parse as JSON. The doc names no code for it; `missing_field` would send
 * a client looking for an absent field, so it is the doc's `invalid_format`: the body is not
 * in the format the API reads. The message says the JSON did not parse.
 */
export const JSON_CODE = 'invalid_format';

/** The OG code decides the reply; VALIDATION_FAILED keeps our own registry consistent. */
export function ogValidationError(ogCode: string, problems: Problem[]): PlacardError {
  return new PlacardError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), {
    details: { ogCode, errors: problems },
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `accountFamilies`: the caller's own font families (normalized), also allowed as `style.font`. */
export function readOgRender(body: unknown, accountFamilies: ReadonlySet<string> = new Set()): OgRender {
  if (!isObject(body)) {
    throw ogValidationError('missing_field', [
      { field: 'body', message: `body must be a JSON object; received ${describeValue(body)}` },
    ]);
  }
  const missing = ['format', 'title'].filter((f) => body[f] === undefined || body[f] === '');
  if (missing.length > 0) {
    throw ogValidationError(
      'missing_field',
      missing.map((field) => ({ field, message: `${field} is required` })),
    );
  }
  if (typeof body.format !== 'string' || !(body.format in ogFormats)) {
    throw ogValidationError('invalid_format', [
      {
        field: 'format',
        message: `format must be one of ${Object.keys(ogFormats).join(', ')}; received ${describeValue(body.format)}`,
      },
    ]);
  }
  // A style or output that is not an object would otherwise be dropped without a word.
  for (const field of ['style', 'output'] as const) {
    if (body[field] !== undefined && !isObject(body[field])) {
      throw ogValidationError('invalid_field', [
        { field, message: `${field} must be an object; received ${describeValue(body[field])}` },
      ]);
    }
  }
  const style = isObject(body.style) ? body.style : {};
  const ownFont =
    typeof style.font === 'string' &&
    !ogFonts.includes(style.font) &&
    accountFamilies.has(normalizeFamilyName(style.font));
  if (style.font !== undefined && !ogFonts.includes(String(style.font)) && !ownFont) {
    throw ogValidationError('invalid_font', [
      {
        field: 'style.font',
        message: `style.font must be one of ${ogFonts.join(', ')}, or the family of one of your own fonts (GET /v1/fonts); received ${describeValue(style.font)}`,
      },
    ]);
  }
  const output = isObject(body.output) ? body.output : {};
  const outFormat = output.format ?? 'png';
  if (!outputFormats.includes(outFormat as never)) {
    throw ogValidationError('invalid_format', [
      {
        field: 'output.format',
        message: `output.format must be one of ${outputFormats.join(', ')}; received ${describeValue(outFormat)}`,
      },
    ]);
  }
  const problems = fieldProblems(body, style, output);
  if (problems.length > 0) throw ogValidationError('invalid_field', problems);

  const template = typeof body.template === 'string' ? body.template : 'default';
  const variables: Record<string, unknown> = {};
  for (const field of ['title', 'description', 'author', 'tag'])
    if (body[field] !== undefined) variables[field] = body[field];
  for (const [name, value] of Object.entries(style)) variables[name] = value;
  if (ownFont) {
    // The preset draws an account font through `fontFamily`; `font` keeps the preset default.
    variables.fontFamily = style.font;
    delete variables.font;
  }
  return {
    format: body.format as OgFormat,
    size: ogFormats[body.format as OgFormat],
    template,
    variables,
    output: {
      format: outFormat as OgRender['output']['format'],
      quality: (output.quality as number | undefined) ?? 90,
    },
  };
}

function fieldProblems(
  body: Record<string, unknown>,
  style: Record<string, unknown>,
  output: Record<string, unknown>,
): Problem[] {
  const problems: Problem[] = [];
  const check = (ok: boolean, field: string, rule: string, value: unknown) => {
    if (!ok) problems.push({ field, message: `${field} must be ${rule}; received ${describeValue(value)}` });
  };
  const textMax = { title: 200, description: 500, author: 100, tag: 50 } as const;
  for (const [field, max] of Object.entries(textMax)) {
    const value = body[field];
    if (value !== undefined)
      check(
        typeof value === 'string' && value.length <= max,
        field,
        `text of at most ${max} characters`,
        value,
      );
  }
  const template = body.template;
  if (template !== undefined) {
    const ok =
      typeof template === 'string' && (presetNames.includes(template) || /^custom:.{1,120}$/.test(template));
    check(ok, 'template', `one of ${presetNames.join(', ')} or custom:<name>`, template);
  }
  const range = (field: string, value: unknown, min: number, max: number) =>
    value === undefined ||
    check(
      typeof value === 'number' && value >= min && value <= max,
      field,
      `a number from ${min} to ${max}`,
      value,
    );
  if (style.accent !== undefined) {
    check(
      typeof style.accent === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(style.accent),
      'style.accent',
      'a hex colour (#rrggbb or #rgb)',
      style.accent,
    );
  }
  range('style.titleSize', style.titleSize, 28, 72);
  range('style.descSize', style.descSize, 14, 32);
  range('style.overlayOpacity', style.overlayOpacity, 0.2, 0.9);
  range('output.quality', output.quality, 1, 100);
  if (style.layout !== undefined)
    check(
      layouts.includes(String(style.layout)),
      'style.layout',
      `one of ${layouts.join(', ')}`,
      style.layout,
    );
  if (style.gradient !== undefined)
    check(
      gradients.includes(String(style.gradient)),
      'style.gradient',
      `one of ${gradients.join(', ')}`,
      style.gradient,
    );
  if (style.autoFit !== undefined)
    check(typeof style.autoFit === 'boolean', 'style.autoFit', 'true or false', style.autoFit);
  const known = new Set([
    'accent',
    'font',
    'titleSize',
    'descSize',
    'layout',
    'gradient',
    'overlayOpacity',
    'autoFit',
    'maxTitleLines',
    'maxDescLines',
  ]);
  for (const name of Object.keys(style))
    check(known.has(name), `style.${name}`, `one of the style fields (${[...known].join(', ')})`, name);
  return problems;
}
