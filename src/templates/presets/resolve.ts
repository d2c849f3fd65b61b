// Checks a preset's variables against presetFields and fills in defaults. Numbers and switches
// may arrive as strings (CLI flags, query strings, multipart fields) and are read as such.
import { describeValue } from '../../errors/placard-error.ts';
import { fontStack } from '../elements/html.ts';
import { problemsError, type FieldProblem } from '../elements/problems.ts';
import { presetFields, type PresetField } from './fields.ts';
import { defaultLines, normalizeHex, presetFontNames, presetFonts, type GradientName } from './theme.ts';
import type { PresetLayout, PresetSize, PresetValues } from './types.ts';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const IMAGE_URL = /^(https?:\/\/\S+|data:image\/[a-z0-9.+-]+(;[^,]*)?,\S*)$/i;
const MAX_IMAGE_URL = 8_000_000;

const fieldsByName = new Map(presetFields.map((field) => [field.name, field]));
const fontsByKey = new Map(presetFontNames.map((name) => [name.toLowerCase(), name]));

function problem(field: string, allowed: string, value: unknown): FieldProblem {
  const received = describeValue(value);
  return { field, message: `${field} must be ${allowed}; received ${received}`, allowed, received };
}

type Read = string | number | boolean | FieldProblem;

function readNumber(field: PresetField, value: unknown): Read {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const { min = -Infinity, max = Infinity } = field;
  const kind = field.integer ? 'a whole number' : 'a number';
  if (
    typeof n !== 'number' ||
    !Number.isFinite(n) ||
    n < min ||
    n > max ||
    (field.integer && !Number.isInteger(n))
  ) {
    return problem(field.name, `${kind} from ${min} to ${max}`, value);
  }
  return n;
}

function readField(field: PresetField, value: unknown): Read {
  switch (field.type) {
    case 'number':
      return readNumber(field, value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      return problem(field.name, 'true or false', value);
    case 'colour':
      return typeof value === 'string' && HEX.test(value)
        ? normalizeHex(value)
        : problem(field.name, 'a hex colour (#rrggbb or #rgb)', value);
    case 'image':
      return typeof value === 'string' &&
        (value === '' || (value.length <= MAX_IMAGE_URL && IMAGE_URL.test(value)))
        ? value
        : problem(field.name, 'an http(s) URL or a data:image URL', value);
    case 'text': {
      if (field.options) {
        const wanted = typeof value === 'string' ? value.toLowerCase() : undefined;
        const match = field.options.find((option) => option.toLowerCase() === wanted);
        return match ?? problem(field.name, `one of ${field.options.join(', ')}`, value);
      }
      const max = field.maxLength ?? Infinity;
      if (typeof value === 'number') value = String(value);
      return typeof value === 'string' && [...value].length <= max
        ? value.trim()
        : problem(field.name, `text of at most ${max} characters`, value);
    }
  }
}

function checkSize(size: PresetSize): FieldProblem[] {
  return (['width', 'height'] as const)
    .filter((key) => !Number.isInteger(size[key]) || size[key] < 1 || size[key] > 4096)
    .map((key) => problem(key, 'a whole number from 1 to 4096', size[key]));
}

/** Validated values with every default filled in; throws one VALIDATION_FAILED for all problems. */
export function resolvePresetValues(vars: Record<string, unknown>, size: PresetSize): PresetValues {
  const problems = checkSize(size);
  const read: Record<string, string | number | boolean | null> = {};
  for (const field of presetFields) read[field.name] = field.default;
  for (const [name, value] of Object.entries(vars)) {
    const field = fieldsByName.get(name);
    if (!field) {
      const allowed = presetFields.map((f) => f.name).join(', ');
      problems.push({
        field: name,
        message: `${name} is not a preset variable; allowed: ${allowed}`,
        allowed,
      });
    } else if (value !== undefined && value !== null) {
      const result = readField(field, value);
      if (typeof result === 'object') problems.push(result);
      else read[name] = result;
    }
  }
  if (problems.length > 0) throw problemsError(problems, 'Invalid preset variables');

  const font = fontsByKey.get(String(read.font).toLowerCase()) ?? 'Outfit';
  const face = presetFonts[font] ?? { family: 'Outfit', fallback: 'Inter' };
  const lines = defaultLines(size);
  return {
    title: String(read.title),
    description: String(read.description),
    author: String(read.author),
    tag: String(read.tag),
    accent: String(read.accent),
    font,
    // An account font first, the preset font behind it (for glyphs the account font lacks).
    fontStack: read.fontFamily
      ? fontStack(String(read.fontFamily), face.family)
      : fontStack(face.family, face.fallback),
    titleSize: Number(read.titleSize),
    descSize: Number(read.descSize),
    layout: read.layout as PresetLayout,
    gradient: read.gradient as GradientName,
    overlayOpacity: Number(read.overlayOpacity),
    autoFit: read.autoFit === true,
    maxTitleLines: read.maxTitleLines === null ? lines.title : Number(read.maxTitleLines),
    maxDescLines: read.maxDescLines === null ? lines.description : Number(read.maxDescLines),
    backgroundImage: String(read.backgroundImage),
  };
}
